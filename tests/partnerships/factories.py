"""Designations and agreements written straight to the database (no service, no permission check): the
objects of the access tests. The shared factories of tests/factories.py are maintained elsewhere."""

import datetime

import factory
from factory.django import DjangoModelFactory

from partnerships.models import Agreement, Designation, DesignationKind

from ..factories import SchoolFactory

D = datetime.date


class DesignationFactory(DjangoModelFactory):
    """An active leader-school designation for 2024–2026 (the kinds are seeded by a data migration)."""

    class Meta:
        model = Designation

    school = factory.SubFactory(SchoolFactory)
    kind = factory.LazyFunction(lambda: DesignationKind.objects.get(code="leader"))
    topic = "Повышение качества преподавания математики"
    grounds = factory.LazyFunction(lambda: ["high_results"])
    start = D(2024, 9, 1)
    end = D(2026, 8, 31)
    order_number = factory.Sequence(lambda n: f"{300 + n}")
    order_date = D(2024, 8, 20)


class AgreementFactory(DjangoModelFactory):
    """A draft agreement for the school year 2024/2025 under the given designation."""

    class Meta:
        model = Agreement

    designation = factory.SubFactory(DesignationFactory)
    supported_school = factory.SubFactory(SchoolFactory)
    number = factory.Sequence(lambda n: f"П-{n + 1}")
    signed_on = D(2024, 9, 10)
    start = D(2024, 9, 10)
    end = D(2025, 8, 31)
    directions = factory.LazyFunction(lambda: ["management"])

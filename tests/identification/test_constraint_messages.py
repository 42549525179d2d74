"""Constraints of identification answered by the services in Russian, before the database would refuse."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from identification import services
from identification.models import Methodology, Run, SchoolStatus

from .test_runs import struggling_municipality

D = datetime.date


@pytest.fixture
def two_runs(muni_a, methodologist_a):
    struggling_municipality(muni_a)
    runs = []
    for _i in range(2):
        run = services.create_run(actor=methodologist_a, methodology=Methodology.objects.get(is_default=True),
                                  region=muni_a.region, municipality=muni_a, start_year=2024, enqueue=False)
        runs.append(services.compute_run(run=run))
    return runs


def test_run_single_approved_per_year(two_runs, head_a):
    first, second = two_runs
    services.approve_run(actor=head_a, run=first, order_number="245-р", order_date=D(2024, 9, 2))
    statuses = SchoolStatus.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.approve_run(actor=head_a, run=second, order_number="246-р", order_date=D(2024, 9, 3))
    message = " ".join(exc.value.messages)
    assert "2024/2025 учебный год уже утверждён" in message and "№ 245-р от 02.09.2024" in message
    second.refresh_from_db()
    assert second.state == Run.State.DONE and SchoolStatus.objects.count() == statuses


def test_second_approval_on_the_page_says_why_and_writes_nothing(client_for, two_runs, head_a):
    first, second = two_runs
    services.approve_run(actor=head_a, run=first, order_number="245-р", order_date=D(2024, 9, 2))
    statuses = SchoolStatus.objects.count()
    response = client_for(head_a).post(reverse("identification:approve", args=[second.pk]),
                                       {"order_number": "246-р", "order_date": "2024-09-03", "confirm": "1"},
                                       follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "уже утверждён" in html and "№ 245-р от 02.09.2024" in html
    assert SchoolStatus.objects.count() == statuses and Run.objects.get(pk=second.pk).state == Run.State.DONE


def test_methodology_versions_and_the_single_default_are_kept_by_the_service(admin_user):
    """`methodology_unique_version` and `methodology_single_default`: the service numbers versions and moves the
    default mark itself."""
    base = Methodology.objects.get(is_default=True)
    made = [services.create_methodology_version(actor=admin_user, base=base, family=base.family,
                                                name=f"Версия {i}", criteria=base.criteria, rules=base.rules,
                                                sample=base.sample, make_default=True) for i in range(2)]
    assert [m.version for m in made] == [base.version + 1, base.version + 2]
    assert list(Methodology.objects.filter(is_default=True)) == [made[1]]

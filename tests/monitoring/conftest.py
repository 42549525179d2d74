import datetime

import pytest

from identification.models import Run, SchoolStatus
from schools.models import SchoolYear
from tests.factories import RunFactory

D = datetime.date


@pytest.fixture
def years(db):
    return {y: SchoolYear.objects.get_or_create(start_year=y)[0] for y in (2022, 2023, 2024)}


@pytest.fixture
def no_teachers(monkeypatch):
    """The mentoring figures as the contract gives them, chosen by the test: {school id: {key: count}}."""
    figures = {}

    def fake(school_ids, school_year):
        return {sid: figures[sid] for sid in school_ids if sid in figures}

    monkeypatch.setattr("monitoring.engine.mentoring_figures", fake)
    return figures


def status(school, year, kind="lrs") -> SchoolStatus:
    """An official status from the one approved list of the school's municipality and year."""
    run = Run.objects.filter(municipality=school.municipality, school_year=year, state=Run.State.APPROVED).first() \
        or RunFactory(approved=True, municipality=school.municipality, school_year=year)
    return SchoolStatus.objects.create(school=school, school_year=year, status=kind, run=run,
                                       order_number=run.order_number, order_date=run.order_date)

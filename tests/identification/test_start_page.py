"""The start page's identification items: only lists that can still be approved wait for approval."""

from core.registries import TaskGroup
from identification import start_page
from identification.models import Run

from ..factories import RunFactory, SchoolYearFactory


def _texts(groups: list[TaskGroup]) -> list[str]:
    return [item.text for group in groups for item in group.items]


def test_a_run_of_an_already_approved_year_does_not_wait_for_approval(head_a, methodologist_a, muni_a):
    year = SchoolYearFactory(start_year=2025)
    RunFactory(municipality=muni_a, school_year=year, approved=True)
    RunFactory(municipality=muni_a, school_year=year, state=Run.State.DONE)  # a second list of the same year
    other = RunFactory(municipality=muni_a, school_year=SchoolYearFactory(start_year=2026), state=Run.State.DONE)
    for user in (head_a, methodologist_a):
        texts = [t for t in _texts(start_page.identification_tasks(user)) if "2025/2026" in t or "2026/2027" in t]
        assert texts and all("2026/2027" in t for t in texts), (user, texts)
    assert other.school_year.start_year == 2026

"""Done late is recorded and shown (activity page, the plan's table, the report's review, the PDF, the annual
report's figures); the measurable target read from the plan; the progress form says the server's rule for «выполнено»;
linked work from a higher app shown on the activity."""

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from roadmaps import selectors, services
from roadmaps.models import Activity
from roadmaps.registries import _ACTIVITY_WORK, ActivityWork, LinkedWork, Reach, register_activity_work

from .conftest import D, add_activity

pytestmark = pytest.mark.usefixtures("directions")


def test_late_completion_is_recorded_and_shown(client_for, programme, director_a1, methodologist_a, head_a):
    services.submit(actor=director_a1, roadmap=programme)
    services.approve(actor=head_a, roadmap=programme, order_number="100", order_date=D(2024, 10, 1))
    activity = programme.activities.get(number=1)  # due 31.10.2024
    with time_machine.travel("2024-11-15 12:00 +0300", tick=False):
        services.file_progress(actor=director_a1, activity=activity, status="done", percent=60,
                               report="Проведён", completed_on=D(2024, 11, 3))
        activity.refresh_from_db()
        assert (activity.percent, activity.late_days) == (100, 3)
        assert activity.late_text == "выполнено с опозданием на 3 дня"
        page = client_for(director_a1).get(activity.get_absolute_url()).content.decode()
        assert "выполнено с опозданием на 3 дня" in page
        assert "выполнено с опозданием на 3 дня" in client_for(director_a1).get(
            programme.get_absolute_url()).content.decode()
        report = services.save_report(actor=director_a1, roadmap=programme, period_start=D(2024, 10, 1),
                                      summary="Итоги")
        services.submit_report(actor=director_a1, report=report)
        assert report.snapshot[0]["late"] == "выполнено с опозданием на 3 дня"
        review = client_for(methodologist_a).get(report.get_absolute_url()).content.decode()
        assert "выполнено с опозданием на 3 дня" in review
    totals = selectors.direction_totals([programme.pk], as_of=D(2024, 11, 15))
    assert sum(t["late"] for t in totals) == 1 and sum(t["done"] for t in totals) == 1


def test_on_time_and_open_are_not_late(programme, director_a1):
    activity = programme.activities.get(number=1)
    with time_machine.travel("2024-11-15 12:00 +0300", tick=False):
        services.file_progress(actor=director_a1, activity=activity, status="done", percent=100, report="Проведён",
                               completed_on=D(2024, 10, 31))
        assert activity.late_days == 0 and activity.late_text == ""
        services.file_progress(actor=director_a1, activity=activity, status="in_progress", percent=50, report="")
        assert activity.late_days == 0


@pytest.mark.parametrize(("indicator", "target", "expected"), [
    ("доля педагогов — участников", "не менее 80 %", 80),
    ("охват учителей", "75,5%", 75.5),
    ("доля педагогов", "все", None),  # no number: no measurable target
    ("число мастер-классов", "4", None),
])
def test_teacher_share_target(programme, director_a1, directions, indicator, target, expected):
    activity = add_activity(programme, director_a1, directions["methodical"], title="Мастер-классы",
                            indicator=indicator, target_value=target)
    got = services.teacher_share_target(activity)
    assert (float(got) if got is not None else None) == expected
    if expected:
        assert services.measured_percent(activity, Reach(reached=5, base=21)) == int(100 * 5 / 21 * 100 / expected)
        assert services.measured_percent(activity, Reach(reached=0, base=0)) is None  # unknown, not zero


def test_linked_work_never_closes_the_activity(programme, director_a1, director_b1, directions):
    activity = add_activity(programme, director_a1, directions["methodical"], title="Мастер-классы",
                            indicator="доля педагогов", target_value="80 %")
    with pytest.raises(PermissionDenied):  # only those who carry the roadmap out
        services.record_linked_work(actor=director_b1, activity=activity, reach=Reach(5, 21))
    services.record_linked_work(actor=director_a1, activity=activity, reach=Reach(21, 21))
    activity.refresh_from_db()
    assert (activity.status, activity.percent) == (Activity.Status.IN_PROGRESS, 100)


def test_activity_page_shows_linked_work_and_the_form_rule(client_for, programme, director_a1):
    activity = programme.activities.get(number=1)
    work = ActivityWork(title="Методические мероприятия", items=[
        LinkedWork(date=D(2024, 10, 20), title="Семинар: Оценивание", url="/x/", attended=5, invited=21)],
        reach=Reach(5, 21))
    register_activity_work("test", lambda a: work if a.pk == activity.pk else None)
    try:
        page = client_for(director_a1).get(activity.get_absolute_url()).content.decode()
    finally:
        _ACTIVITY_WORK.pop("test")
    assert "20.10.2024" in page and "5 / 21" in page and "Охвачено педагогов: 5 из 21" in page
    assert "При статусе «выполнено» сохраняется 100 %" in page and "js/activity.js" in page
    assert reverse("roadmaps:activity_detail", args=[activity.pk]) == activity.get_absolute_url()

"""The approval workflow by role, revisions after approval, and the plan frozen outside drafts."""

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import Role
from roadmaps import services
from roadmaps.models import Level, Roadmap, RoadmapRevision, WorkflowEvent

from ..factories import make_user
from .conftest import PERIOD, D, add_activity, make_programme

pytestmark = [pytest.mark.django_db(transaction=False), pytest.mark.usefixtures("directions")]


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2024-11-15 10:00 +0300", tick=False):
        yield


def test_full_cycle_submit_return_resubmit_approve(programme, director_a1, methodologist_a, head_a,
                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(actor=director_a1, roadmap=programme)
    assert programme.status == Roadmap.Status.SUBMITTED
    assert mail.outbox[-1].to == sorted([methodologist_a.email, head_a.email])
    assert "На согласование" in mail.outbox[-1].subject

    with pytest.raises(ValidationError) as exc:
        services.return_for_rework(actor=methodologist_a, roadmap=programme, comment="")
    assert "доработать" in str(exc.value)
    with django_capture_on_commit_callbacks(execute=True):
        services.return_for_rework(actor=methodologist_a, roadmap=programme, comment="Уточните сроки семинара")
    assert programme.status == Roadmap.Status.RETURNED
    assert mail.outbox[-1].to == [director_a1.email] and "Уточните сроки" in mail.outbox[-1].body

    # the director fixes and resubmits
    activity = programme.activities.get(number=1)
    services.save_activity(actor=director_a1, activity=activity, data={"due": D(2024, 11, 20)})
    services.submit(actor=director_a1, roadmap=programme)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(actor=head_a, roadmap=programme, order_number="215", order_date=D(2024, 11, 14))
    programme.refresh_from_db()
    assert programme.status == Roadmap.Status.APPROVED and programme.order_number == "215"
    assert "Утверждена" in mail.outbox[-1].subject and director_a1.email in mail.outbox[-1].to
    revision = RoadmapRevision.objects.get(roadmap=programme)
    assert revision.number == 1 and [a["title"] for a in revision.snapshot["activities"]] == [
        "Семинар для учителей", "Индивидуальные маршруты"]
    assert list(WorkflowEvent.objects.filter(roadmap=programme).order_by("pk").values_list("action", flat=True)) == [
        "submitted", "returned", "submitted", "approved"]


@pytest.mark.parametrize("who", ["director_a1", "methodologist_a", "director_b1"])
def test_only_the_head_approves(programme, director_a1, who, request):
    services.submit(actor=director_a1, roadmap=programme)
    with pytest.raises(PermissionDenied):
        services.approve(actor=request.getfixturevalue(who), roadmap=programme, order_number="1",
                         order_date=D(2024, 11, 1))
    programme.refresh_from_db()
    assert programme.status == Roadmap.Status.SUBMITTED and not programme.revisions.exists()


def test_refused_transitions(programme, director_a1, head_a, methodologist_a, director_b1):
    with pytest.raises(ValidationError, match="отправленную"):
        services.approve(actor=head_a, roadmap=programme, order_number="1", order_date=D(2024, 11, 1))
    with pytest.raises(ValidationError, match="отправленную"):
        services.return_for_rework(actor=methodologist_a, roadmap=programme, comment="Не так всё")
    with pytest.raises(PermissionDenied):
        services.submit(actor=director_b1, roadmap=programme)
    services.submit(actor=director_a1, roadmap=programme)  # the director submits own programme…
    with pytest.raises(PermissionDenied):  # …but does not review it
        services.return_for_rework(actor=director_a1, roadmap=programme, comment="Сам себе верну")
    programme.refresh_from_db()
    assert programme.status == Roadmap.Status.SUBMITTED
    with pytest.raises(ValidationError, match="Отправить можно только"):
        services.submit(actor=director_a1, roadmap=programme)
    with pytest.raises(ValidationError) as exc:  # an order dated tomorrow
        services.approve(actor=head_a, roadmap=programme, order_number="7", order_date=D(2024, 11, 16))
    assert "будущем" in str(exc.value)


def test_empty_roadmap_is_not_submitted(school_a2, year, methodologist_a):
    roadmap = make_programme(school_a2, year, methodologist_a)
    with pytest.raises(ValidationError, match="ни одного мероприятия"):
        services.submit(actor=methodologist_a, roadmap=roadmap)


def test_plan_is_frozen_outside_drafts_but_progress_is_not(programme, director_a1, head_a, directions):
    services.submit(actor=director_a1, roadmap=programme)
    activity = programme.activities.get(number=1)
    with pytest.raises(PermissionDenied):
        services.save_activity(actor=director_a1, activity=activity, data={"title": "Другое"})
    with pytest.raises(PermissionDenied):
        add_activity(programme, director_a1, directions["image"])
    with pytest.raises(PermissionDenied):
        services.save_roadmap(actor=director_a1, roadmap=programme, data={"goal": "Новая цель"})
    services.file_progress(actor=director_a1, activity=activity, status="in_progress", percent=30, report="")
    activity.refresh_from_db()
    assert (activity.status, activity.percent, activity.title) == ("in_progress", 30, "Семинар для учителей")


def test_change_after_approval_opens_a_revision_that_needs_approval(programme, director_a1, head_a, directions):
    services.submit(actor=director_a1, roadmap=programme)
    services.approve(actor=head_a, roadmap=programme, order_number="215", order_date=D(2024, 11, 1))
    services.open_revision(actor=director_a1, roadmap=programme, reason="Добавляем работу с родителями")
    assert (programme.status, programme.revision) == (Roadmap.Status.DRAFT, 2)
    first = programme.activities.get(number=1)
    services.save_activity(actor=director_a1, activity=first, data={"due": D(2024, 12, 15)})
    add_activity(programme, director_a1, directions["image"], title="Родительский всеобуч")
    programme.activities.get(number=2).delete()
    # revision 1 is still readable as it was approved
    assert RoadmapRevision.objects.get(roadmap=programme, number=1).snapshot["activities"][0]["due"] == "31.10.2024"
    services.submit(actor=director_a1, roadmap=programme)
    services.approve(actor=head_a, roadmap=programme, order_number="301", order_date=D(2024, 11, 15))
    second = RoadmapRevision.objects.get(roadmap=programme, number=2)
    changes = "\n".join(second.changes)
    assert "Добавлено мероприятие 3 «Родительский всеобуч»" in changes
    assert "Исключено мероприятие 2 «Индивидуальные маршруты»" in changes
    assert "срок исполнения: «31.10.2024» → «15.12.2024»" in changes
    assert programme.revisions.count() == 2


def test_revision_is_opened_only_by_the_author_and_only_when_approved(programme, director_a1, director_b1):
    with pytest.raises(ValidationError, match="утверждённой"):
        services.open_revision(actor=director_a1, roadmap=programme)
    with pytest.raises(PermissionDenied):
        services.open_revision(actor=director_b1, roadmap=programme)


def test_municipal_roadmap_is_reviewed_by_the_head_not_by_its_authors(muni_a, year, methodologist_a, head_a,
                                                                     directions, director_a1):
    roadmap = services.save_roadmap(actor=methodologist_a, roadmap=Roadmap(), data={
        "level": Level.MUNICIPAL, "municipality": muni_a, "school_year": year, "title": "Дорожная карта",
        "goal": "Цель", "period_start": PERIOD[0], "period_end": PERIOD[1]})
    add_activity(roadmap, methodologist_a, directions["management"])
    with pytest.raises(PermissionDenied):
        services.save_roadmap(actor=director_a1, roadmap=Roadmap(), data={
            "level": Level.MUNICIPAL, "municipality": muni_a, "school_year": year, "title": "Чужая",
            "goal": "Цель", "period_start": PERIOD[0], "period_end": PERIOD[1]})
    services.submit(actor=methodologist_a, roadmap=roadmap)
    with pytest.raises(PermissionDenied):
        services.return_for_rework(actor=methodologist_a, roadmap=roadmap, comment="Сами себе вернём")
    services.return_for_rework(actor=head_a, roadmap=roadmap, comment="Добавьте стажировки")
    assert roadmap.status == Roadmap.Status.RETURNED


def test_one_programme_per_school_and_year_and_activity_dates_inside_the_period(programme, school_a1, year,
                                                                                  director_a1, directions):
    with pytest.raises(ValidationError) as exc:
        make_programme(school_a1, year, director_a1)
    assert "уже есть" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        add_activity(programme, director_a1, directions["image"], start=D(2024, 8, 1))
    assert "внутри периода" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        add_activity(programme, director_a1, directions["image"], start=D(2024, 10, 5), due=D(2024, 10, 1))
    assert "раньше начала" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        add_activity(programme, director_a1, directions["image"], responsible_text="")
    assert "ответственного" in str(exc.value)
    assert programme.activities.count() == 2


def test_pages_refuse_by_role(client_for, programme, director_a1, director_b1, head_a, muni_b):
    other = make_user(Role.METHODOLOGIST, municipality=muni_b, email="metod.b@example.ru")
    assert client_for(director_b1).get(programme.get_absolute_url()).status_code == 404
    assert client_for(other).get(programme.get_absolute_url()).status_code == 404
    assert client_for(other).post(reverse("roadmaps:roadmap_submit", args=[programme.pk])).status_code == 404
    services.submit(actor=director_a1, roadmap=programme)
    response = client_for(director_a1).post(reverse("roadmaps:roadmap_approve", args=[programme.pk]),
                                            {"order_number": "1", "order_date": "2024-11-01"})
    assert response.status_code == 403
    programme.refresh_from_db()
    assert programme.status == Roadmap.Status.SUBMITTED
    response = client_for(head_a).post(reverse("roadmaps:roadmap_approve", args=[programme.pk]),
                                       {"order_number": "", "order_date": "2024-11-01"}, follow=True)
    assert "Обязательное поле" in response.content.decode()
    programme.refresh_from_db()
    assert programme.status == Roadmap.Status.SUBMITTED
    client_for(head_a).post(reverse("roadmaps:roadmap_approve", args=[programme.pk]),
                            {"order_number": "44", "order_date": "2024-11-01"})
    programme.refresh_from_db()
    assert programme.status == Roadmap.Status.APPROVED
    # an approved plan's edit pages redirect with the reason instead of a form
    response = client_for(director_a1).get(reverse("roadmaps:activity_create", args=[programme.pk]), follow=True)
    assert "откройте новую редакцию" in response.content.decode()

"""The overview (scope and constant queries), exports and the plan-graph import, the API, catalogues."""

from datetime import datetime
from io import BytesIO, StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role
from core.imports.services import run_import
from core.models import ImportJob
from partnerships import services as partnership_services
from partnerships.models import Agreement
from roadmaps import exports, services
from roadmaps.models import Activity, Level, RiskFactor, Roadmap

from ..factories import SchoolFactory, make_user
from .conftest import PERIOD, D, add_activity, make_programme

pytestmark = pytest.mark.usefixtures("directions")


def _programmes(n, muni, year, actor, directions, first=0):
    for i in range(first, first + n):
        school = SchoolFactory(municipality=muni, code=f"239{i:03d}")
        roadmap = make_programme(school, year, actor)
        add_activity(roadmap, actor, directions["methodical"])
        add_activity(roadmap, actor, directions["social"], due=D(2025, 3, 1))


def _overview_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("roadmaps:overview"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_overview_runs_a_constant_number_of_queries(client_for, muni_a, year, methodologist_a, directions):
    client = client_for(methodologist_a)
    _programmes(3, muni_a, year, methodologist_a, directions)
    few = _overview_queries(client)
    _programmes(40, muni_a, year, methodologist_a, directions, first=3)
    assert _overview_queries(client) == few
    with time_machine.travel("2024-11-15 12:00 +0300", tick=False):
        response = client.get(reverse("roadmaps:overview") + "?overdue=1")
    assert response.context["totals"] == {"roadmaps": 43, "approved": 0, "on_review": 0, "overdue": 43}
    page = response.content.decode()
    assert '43</div><div class="muted">дорожные карты' in page
    assert '43</div><div class="muted">просроченных мероприятия' in page


def test_overview_shows_each_role_its_own(client_for, programme, school_a2, year, director_a1, director_b1,
                                          methodologist_a, muni_a, leader_staff_a2, designation_a2, directions):
    municipal = services.save_roadmap(actor=methodologist_a, roadmap=Roadmap(), data={
        "level": Level.MUNICIPAL, "municipality": muni_a, "school_year": year, "title": "Муниципальная карта",
        "goal": "Цель", "period_start": PERIOD[0], "period_end": PERIOD[1]})
    other = make_programme(school_a2, year, methodologist_a, title="Программа другой школы")
    site = services.save_roadmap(actor=leader_staff_a2, roadmap=Roadmap(), data={
        "level": Level.SITE, "designation": designation_a2, "school_year": year, "title": "План площадки",
        "goal": "Цель", "period_start": PERIOD[0], "period_end": PERIOD[1]})

    def titles(user):
        return set(Roadmap.objects.filter(pk__in=[r.pk for r in client_for(user).get(
            reverse("roadmaps:overview")).context["roadmaps"]]).values_list("title", flat=True))

    assert titles(methodologist_a) == {programme.title, municipal.title, other.title, site.title}
    assert titles(director_a1) == {programme.title, municipal.title}
    assert titles(director_b1) == set()
    assert titles(leader_staff_a2) == {municipal.title, site.title, other.title}  # its own school's programme
    # an agreement lets the leader read the supported school's programme, and the director the site plan
    agreement, _w = partnership_services.save_agreement(actor=methodologist_a, agreement=Agreement(), data={
        "designation": designation_a2, "supported_school": programme.school, "number": "1",
        "signed_on": D(2024, 9, 10), "start": D(2024, 9, 10), "end": D(2025, 8, 31), "directions": ["management"]})
    Agreement.objects.filter(pk=agreement.pk).update(state=Agreement.State.ACTIVE)
    assert programme.title in titles(leader_staff_a2)
    assert site.title in titles(director_a1)
    # reading is not editing
    assert client_for(leader_staff_a2).get(reverse("roadmaps:activity_create", args=[programme.pk])).status_code == 403


def test_xlsx_export_is_the_plan_graph_and_imports_back(programme, director_a1):
    data = exports.roadmap_xlsx(programme)
    ws = load_workbook(BytesIO(data)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][9] == "УТВЕРЖДЕНО"
    header = next(i for i, r in enumerate(rows) if r[0] == "№ п/п")
    assert rows[header + 1][0] == "Информационно-методическое направление"
    assert rows[header + 2][:4] == (1, "Семинар для учителей", datetime(2024, 10, 1), datetime(2024, 10, 31))
    assert ws.cell(row=header + 3, column=3).number_format == "DD.MM.YYYY"  # dates are date cells
    # the same file imported into the draft changes nothing
    result = run_import(kind="roadmap", file=BytesIO(data), filename="plan.xlsx", user=director_a1,
                        options={"roadmap": programme.pk})
    assert result.ok and result.summary["created"] == 0 and result.summary["updated"] == 0
    assert result.summary["unchanged"] == 2


def _plan_file(rows) -> BytesIO:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["План-график мероприятий"])
    ws.append([])
    ws.append([h for h, _w in exports.COLUMNS])
    for row in rows:
        ws.append(row)
    buf = BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def test_import_adds_and_updates_activities_and_refuses_broken_files(programme, director_a1, head_a):
    good = _plan_file([
        ["Организационно-управленческое направление"],
        [1, "Семинар для учителей математики", "01.10.2024", "15.11.2024", "завуч"],
        [None, "Педсовет по итогам четверти", "01.11.2024", "05.11.2024", "директор"],
        ["Имиджевое направление"],
        [None, "Родительский всеобуч", "01.12.2024", "20.12.2024", "психолог", "", "", "", "",
         "Низкий уровень вовлечённости родителей"],
    ])
    result = run_import(kind="roadmap", file=good, filename="plan.xlsx", user=director_a1,
                        options={"roadmap": programme.pk})
    assert result.ok, result.errors
    assert result.summary == {"total": 3, "created": 2, "updated": 1, "unchanged": 0, "errors": 0}
    first = programme.activities.get(number=1)
    assert first.title == "Семинар для учителей математики" and first.direction.code == "management"
    assert programme.activities.get(title="Родительский всеобуч").risk_factor.code == "parents"
    assert sorted(programme.activities.values_list("number", flat=True)) == [1, 2, 3, 4]

    before = list(Activity.objects.order_by("pk").values_list("title", "due"))
    broken = _plan_file([
        ["Информационно-методическое направление"],
        [None, "Вебинар", "01.10.2024", "31.09.2024", "методист"],
        [None, "Слёт", "01.10.2025", "05.10.2025", "методист"],
        ["Неведомое направление"],
        [None, "Экскурсия", "01.10.2024", "05.10.2024", "методист"],
    ])
    result = run_import(kind="roadmap", file=broken, filename="plan.xlsx", user=director_a1,
                        options={"roadmap": programme.pk})
    assert not result.ok
    errors = {(e["row"], e["column"]): e["message"] for e in result.errors}
    assert "01.09.2025" in errors[(5, "Срок исполнения")]
    assert "внутри периода" in errors[(6, "Начало")]
    assert "Неизвестное направление" in errors[(8, "Направление")]
    assert list(Activity.objects.order_by("pk").values_list("title", "due")) == before

    services.submit(actor=director_a1, roadmap=programme)
    result = run_import(kind="roadmap", file=_plan_file([["Имиджевое направление"],
                                                         [None, "Ещё", "01.10.2024", "05.10.2024", "x"]]),
                        filename="plan.xlsx", user=director_a1, options={"roadmap": programme.pk})
    assert not result.ok and "откройте новую редакцию" in result.errors[0]["message"]


def test_import_through_the_roadmap_page_and_the_command(client_for, programme, director_a1, director_b1, tmp_path,
                                                          django_capture_on_commit_callbacks):
    upload = _plan_file([["Социально-педагогическое направление"],
                         [None, "Клуб для родителей", "01.11.2024", "30.11.2024", "психолог"]])
    upload.name = "plan.xlsx"
    client = client_for(director_a1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("roadmaps:roadmap_import", args=[programme.pk]), {"file": upload})
    job = ImportJob.objects.get()
    assert response.url == job.get_absolute_url() and job.options == {"roadmap": programme.pk}
    job.refresh_from_db()
    assert job.state == ImportJob.State.READY
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:apply", args=[job.pk]))
    assert programme.activities.filter(title="Клуб для родителей").exists()
    assert client_for(director_b1).post(reverse("roadmaps:roadmap_import", args=[programme.pk]),
                                        {"file": upload}).status_code == 404
    # the general import page does not offer the kind (it needs a roadmap)
    from core.imports import importable_kinds

    kinds = importable_kinds(make_user(Role.METHODOLOGIST, municipality=programme.school.municipality))
    assert "roadmap" not in kinds and "schools" in kinds
    path = tmp_path / "plan.xlsx"
    path.write_bytes(_plan_file([["Имиджевое направление"],
                                 [None, "Фестиваль", "01.12.2024", "05.12.2024", "педагог-организатор"]]).read())
    with pytest.raises(CommandError, match="дорожная карта.*--target ID"):
        call_command("import_file", "roadmap", str(path), stdout=StringIO())
    out = StringIO()
    call_command("import_file", "roadmap", str(path), "--target", str(programme.pk), stdout=out)
    assert "добавлено 1" in out.getvalue() and programme.activities.filter(title="Фестиваль").exists()


def test_pdf_export_is_a_landscape_plan_graph(client_for, programme, director_a1, head_a):
    services.submit(actor=director_a1, roadmap=programme)
    services.approve(actor=head_a, roadmap=programme, order_number="215", order_date=D(2024, 10, 1))
    response = client_for(director_a1).get(reverse("roadmaps:roadmap_pdf", args=[programme.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].endswith('-2024-r1.pdf"')
    html = exports.roadmap_pdf_html(programme)
    assert "size: A4 landscape" in html and "УТВЕРЖДЕНО" in html and "от 01.10.2024 № 215" in html
    assert "Информационно-методическое направление" in html and "01.10.2024 –<br>31.10.2024" in html
    assert "Фактор риска" in html  # the column of school programmes


def test_timeline_places_bars_on_the_period(client_for, programme, director_a1):
    with time_machine.travel("2024-11-15 12:00 +0300", tick=False):
        response = client_for(director_a1).get(reverse("roadmaps:roadmap_gantt", args=[programme.pk]))
    page = response.content.decode()
    first = next(a for a in response.context["activities"] if a.number == 1)
    assert round(first.left, 1) == 8.2 and round(first.width, 1) == 8.5  # 1–31 October of a 365-day year
    assert "gantt-bar late" in page and "gantt-today" in page


def test_api_roadmaps_and_activities_with_scope(client_for, programme, director_a1, director_b1, methodologist_a):
    with time_machine.travel("2024-11-15 12:00 +0300", tick=False):
        data = client_for(methodologist_a).get("/api/v1/roadmaps/?level=school").json()
        assert data["count"] == 1 and data["results"][0]["overdue"] == 1 and data["results"][0]["activities"] == 2
        late = client_for(director_a1).get("/api/v1/activities/?overdue=true").json()
        assert [a["title"] for a in late["results"]] == ["Семинар для учителей"] and late["results"][0]["overdue"]
        assert client_for(director_b1).get("/api/v1/activities/").json()["count"] == 0
        activity = programme.activities.get(number=1)
        url = f"/api/v1/activities/{activity.pk}/"
        assert client_for(director_b1).patch(url, {"percent": 50}, content_type="application/json").status_code == 404
        response = client_for(director_a1).patch(url, {"status": "done"}, content_type="application/json")
        assert response.status_code == 400 and "report" in response.json()
        response = client_for(director_a1).patch(url, {"status": "in_progress", "percent": 60, "title": "Другое"},
                                                 content_type="application/json")
        assert response.status_code == 200 and response.json()["percent"] == 60
        assert response.json()["late_days"] == 0
        done = client_for(director_a1).patch(url, {"status": "done", "report": "Проведён",
                                                   "completed_on": "2024-11-04"}, content_type="application/json")
        assert done.json()["late_days"] == 4  # due 31.10
        client_for(director_a1).patch(url, {"status": "in_progress", "percent": 60}, content_type="application/json")
    activity.refresh_from_db()
    assert (activity.status, activity.percent, activity.title) == ("in_progress", 60, "Семинар для учителей")


def test_api_risk_catalogue_and_profiles(client_for, programme, director_a1, director_b1, methodologist_a, year,
                                         admin_user):
    factors = client_for(director_a1).get("/api/v1/risk-factors/").json()
    assert factors["count"] == 11
    assert client_for(director_a1).post("/api/v1/risk-factors/", {"code": "x", "name": "Новый"}).status_code == 403
    # the catalogue is the region's — a methodologist is refused (before the body is read), an admin writes
    refused = client_for(methodologist_a).post("/api/v1/risk-factors/", {"code": "buses", "name": "Нет подвоза"})
    assert refused.status_code == 403 and "администратор" in refused.json()["detail"]
    assert client_for(methodologist_a).post("/api/v1/risk-factors/", {}).status_code == 403
    factor = RiskFactor.objects.get(code="parents")
    patched = client_for(methodologist_a).patch(f"/api/v1/risk-factors/{factor.pk}/", {"name": "Чужое"},
                                                content_type="application/json")
    assert patched.status_code == 403 and RiskFactor.objects.get(pk=factor.pk).name == factor.name
    response = client_for(admin_user).post("/api/v1/risk-factors/", {"code": "buses", "name": "Нет подвоза"})
    assert response.status_code == 201 and RiskFactor.objects.filter(code="buses").exists()
    services.save_risk_profile(actor=director_a1, school=programme.school, school_year=year, items={
        RiskFactor.objects.get(code="parents").pk: {"relevant": True, "level": "high", "measures": "клуб"}})
    profiles = client_for(methodologist_a).get("/api/v1/risk-profiles/?school_year=2024").json()
    assert profiles["count"] == 1 and profiles["results"][0]["items"][0]["factor"] == "parents"
    assert client_for(director_b1).get("/api/v1/risk-profiles/").json()["count"] == 0


def test_catalogues_are_kept_by_admins(client_for, methodologist_a, director_a1, admin_user):
    """Issue 16: region-wide catalogues are written by admins only (this test had methodologists write them)."""
    url = reverse("roadmaps:catalogue_create", args=["risk-factors"])
    assert client_for(director_a1).get(url).status_code == 403
    assert client_for(methodologist_a).get(url).status_code == 403
    refused = client_for(methodologist_a).post(url, {"code": "transport", "name": "Трудности подвоза", "ordering": 5})
    assert refused.status_code == 403 and not RiskFactor.objects.filter(code="transport").exists()
    list_page = client_for(methodologist_a).get(reverse("roadmaps:catalogue_list", args=["risk-factors"]))
    assert list_page.status_code == 200 and reverse("roadmaps:catalogue_create", args=["risk-factors"]) not in (
        list_page.content.decode())
    response = client_for(admin_user).post(url, {"code": "transport", "name": "Дефицит педагогических кадров",
                                                 "ordering": 5, "is_active": "on"})
    assert "уже есть" in response.content.decode()
    client_for(admin_user).post(url, {"code": "transport", "name": "Трудности подвоза", "ordering": 5})
    factor = RiskFactor.objects.get(code="transport")
    assert not factor.is_active  # the box was not ticked


def test_school_card_lists_programmes_and_profiles(client_for, programme, director_a1):
    page = client_for(director_a1).get(programme.school.get_absolute_url()).content.decode()
    assert "Дорожные карты и рисковый профиль" in page and programme.title in page


def test_demo_has_roadmaps_in_every_state(db):
    with time_machine.travel("2026-11-22 10:00 +0300", tick=False):
        call_command("seed_demo", stdout=StringIO())
        count = Roadmap.objects.count()
        statuses = set(Roadmap.objects.values_list("status", flat=True))
        assert statuses == {"approved", "submitted", "returned", "draft"}
        assert set(Activity.objects.values_list("status", flat=True)) == set(Activity.Status.values)
        late = [a for a in Activity.objects.filter(roadmap__status="approved") if a.is_overdue()]
        assert late and Roadmap.objects.filter(level=Level.SITE, status="approved").exists()
        assert Roadmap.objects.filter(level=Level.MUNICIPAL, status="approved").count() == 4  # this year and last
        call_command("seed_demo", stdout=StringIO())
        assert Roadmap.objects.count() == count


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_roadmap_page_timeline_and_api_lists_run_constant_queries(client_for, programme, director_a1,
                                                                  methodologist_a, year, directions):
    services.save_risk_profile(actor=director_a1, school=programme.school, school_year=year, items={
        RiskFactor.objects.get(code="parents").pk: {"relevant": True, "level": "high", "measures": ""}})
    urls = [programme.get_absolute_url(), reverse("roadmaps:roadmap_gantt", args=[programme.pk]),
            "/api/v1/roadmaps/", "/api/v1/activities/", "/api/v1/risk-profiles/"]
    client = client_for(methodologist_a)
    few = [_queries(client, url) for url in urls]
    for i in range(20):
        add_activity(programme, director_a1, directions["image"], title=f"Мероприятие {i}",
                     risk_factor=RiskFactor.objects.get(code="parents"))
    _programmes(5, programme.municipality, year, methodologist_a, directions, first=100)
    assert [_queries(client, url) for url in urls] == few

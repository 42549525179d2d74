"""Municipal variations of the region's catalogue: a municipality's local indicators (seen and written there only)
and its own targets, which win over the region's wherever they are shown (docs/indicators.md)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from monitoring import access, selectors, services
from monitoring.models import Indicator, Target, Value
from monitoring.progress_report_section import _indicators
from tests.html import text_of


def _local(actor, muni, name="Число родительских собраний"):
    return services.save_indicator(actor=actor, indicator=Indicator(municipality=muni), data={
        "name": name, "unit": "count", "direction": "up", "period": "учебный год", "min_n": 0})


@pytest.fixture
def local_a(methodologist_a, muni_a):
    return _local(methodologist_a, muni_a)


# ---- services and access -------------------------------------------------------------------------------------


def test_local_indicator_written_by_its_municipality_only(local_a, muni_a, muni_b, methodologist_a, head_a,
                                                          methodologist_b, director_a1, admin_user):
    assert local_a.municipality == muni_a and local_a.source == "entered" and local_a.code.startswith("custom")
    # another municipality neither sees, changes, retires nor adds one for it
    assert not access.visible_indicators(methodologist_b).filter(pk=local_a.pk).exists()
    with pytest.raises(PermissionDenied):
        services.save_indicator(actor=methodologist_b, indicator=local_a, data={"name": "Чужое"})
    with pytest.raises(PermissionDenied):
        services.retire_indicator(actor=methodologist_b, indicator=local_a)
    with pytest.raises(PermissionDenied):
        _local(methodologist_b, muni_a, name="Подброшенный")
    # a director of the municipality sees it but does not write it
    assert access.visible_indicators(director_a1).filter(pk=local_a.pk).exists()
    with pytest.raises(PermissionDenied):
        services.save_indicator(actor=director_a1, indicator=local_a, data={"name": "Директорское"})
    # a municipal methodologist never adds to the region's catalogue
    with pytest.raises(PermissionDenied, match="администратор региона"):
        _local(methodologist_a, None, name="Региональный")
    local_a.refresh_from_db()
    assert local_a.name == "Число родительских собраний" and local_a.retired_at is None
    assert not Indicator.objects.filter(name__in=["Подброшенный", "Региональный"]).exists()
    # its head and the administrators change and retire it
    services.save_indicator(actor=head_a, indicator=local_a, data={"name": "Число собраний с родителями"})
    assert access.visible_indicators(admin_user).filter(pk=local_a.pk).exists()
    services.retire_indicator(actor=admin_user, indicator=local_a)
    local_a.refresh_from_db()
    assert local_a.name == "Число собраний с родителями" and local_a.retired_at is not None


def test_local_names_are_unique_within_what_a_municipality_sees(local_a, muni_b, methodologist_a, methodologist_b):
    with pytest.raises(ValidationError, match="уже есть"):
        _local(methodologist_a, local_a.municipality)
    with pytest.raises(ValidationError, match="уже есть"):  # the region's own name
        _local(methodologist_a, local_a.municipality, name=Indicator.objects.get(code="oge_match").name)
    assert _local(methodologist_b, muni_b).municipality == muni_b  # the same name elsewhere is another indicator


def test_targets_municipal_wins_over_region(muni_a, muni_b, years, methodologist_a, head_a, methodologist_b,
                                           admin_user, school_a1, school_b1, local_a):
    ind = Indicator.objects.get(code="oge_dynamics")
    y = years[2024]
    with pytest.raises(PermissionDenied, match="администратор региона"):
        services.set_target(actor=methodologist_a, indicator=ind, municipality=None, school_year=y, value="90")
    with pytest.raises(PermissionDenied):
        services.set_target(actor=methodologist_b, indicator=ind, municipality=muni_a, school_year=y, value="90")
    services.set_target(actor=admin_user, indicator=ind, municipality=None, school_year=y, value="90")
    services.set_target(actor=head_a, indicator=ind, municipality=muni_a, school_year=y, value="80,5")
    region_row = Target.objects.get(indicator=ind, municipality=None, school_year=y)
    assert region_row.value == 90  # the municipality's target is its own row
    a = {r["code"]: r for r in selectors.indicator_table(muni_a, y)}["oge_dynamics"]
    b = {r["code"]: r for r in selectors.indicator_table(muni_b, y)}["oge_dynamics"]
    assert (a["target"], a["target_label"]) == (80.5, "цель муниципалитета")
    assert (b["target"], b["target_label"]) == (90.0, "цель региона")
    school = {r["code"]: r for r in selectors.school_table(school_b1, y)}["oge_dynamics"]
    assert (school["target"], school["target_kind"]) == (90.0, "region")
    region = {r["code"]: r for r in selectors.indicator_table(muni_a.region, y)}["oge_dynamics"]
    assert (region["target"], region["target_label"]) == (90.0, "цель региона")
    # a local indicator has no region target, and only its municipality sets one
    with pytest.raises(ValidationError):
        services.set_target(actor=admin_user, indicator=local_a, municipality=None, school_year=y, value="3")
    with pytest.raises(ValidationError):
        services.set_target(actor=admin_user, indicator=local_a, municipality=muni_b, school_year=y, value="3")
    with pytest.raises(ValidationError, match="число"):
        services.set_target(actor=head_a, indicator=local_a, municipality=muni_a, school_year=y, value="три")
    services.set_target(actor=head_a, indicator=local_a, municipality=muni_a, school_year=y, value="3")
    assert Target.objects.filter(indicator=local_a).count() == 1


def test_local_indicator_only_in_its_municipality_tables(local_a, muni_a, muni_b, years, school_a1, school_b1):
    y = years[2024]
    Value.objects.create(indicator=local_a, school=school_a1, school_year=y, value=4, n=1, source="entered")
    assert local_a.code in {r["code"] for r in selectors.indicator_table(muni_a, y)}
    assert local_a.code in {r["code"] for r in selectors.school_table(school_a1, y)}
    assert local_a.code not in {r["code"] for r in selectors.indicator_table(muni_b, y)}
    assert local_a.code not in {r["code"] for r in selectors.school_table(school_b1, y)}
    assert local_a.code not in {r["code"] for r in selectors.indicator_table(muni_a.region, y)}
    # the progress report's entry: the schools of its municipality file it, the others do not see it
    assert local_a in _indicators(muni_a.pk) and local_a not in _indicators(muni_b.pk)


# ---- pages ---------------------------------------------------------------------------------------------------


def test_pages_local_indicator(local_a, muni_a, muni_b, years, methodologist_a, methodologist_b, director_a1,
                               director_b1, admin_user, client_for):
    assert local_a.name in client_for(director_a1).get("/monitoring/indicators/").content.decode()
    assert local_a.name not in client_for(director_b1).get("/monitoring/indicators/").content.decode()
    assert client_for(methodologist_b).get(local_a.get_absolute_url()).status_code == 404
    assert client_for(methodologist_b).post(local_a.get_absolute_url(), {"action": "retire"}).status_code == 404
    # another municipality's methodologist names a municipality not theirs: refused, nothing written
    refused = client_for(methodologist_b).post("/monitoring/indicators/new/", {
        "owner": str(muni_a.pk), "name": "Чужой", "unit": "count", "direction": "up", "period": "год", "min_n": 0})
    assert refused.status_code == 400 and "Выберите корректный вариант" in refused.content.decode()
    assert not Indicator.objects.filter(name="Чужой").exists()
    added = client_for(methodologist_b).post("/monitoring/indicators/new/", {
        "owner": str(muni_b.pk), "name": "Свой", "unit": "count", "direction": "up", "period": "год", "min_n": 0})
    assert added.status_code == 302 and Indicator.objects.get(name="Свой").municipality == muni_b
    # the region's indicator: its target row is shown, not editable, to a municipality
    ind = Indicator.objects.get(code="oge_match")
    denied = client_for(methodologist_a).post(ind.get_absolute_url(), {"action": "target", "municipality": "region",
                                                                       "year": 2024, "value": "70"})
    assert denied.status_code == 403 and not Target.objects.filter(indicator=ind).exists()
    client_for(admin_user).post(ind.get_absolute_url(), {"action": "target", "municipality": "region",
                                                         "year": 2024, "value": "70"})
    assert Target.objects.get(indicator=ind).municipality is None
    page = text_of(client_for(methodologist_a).get(ind.get_absolute_url()))
    assert "цель региона" in page and "70" in page
    saved = client_for(methodologist_a).post(local_a.get_absolute_url(), {
        "action": "edit", "name": "Собрания с родителями", "unit": "count", "direction": "up", "period": "год",
        "min_n": 0})
    assert saved.status_code == 302
    local_a.refresh_from_db()
    assert local_a.name == "Собрания с родителями"


def test_school_page_says_whose_target(muni_a, years, school_a1, admin_user, methodologist_a, client_for):
    ind = Indicator.objects.get(code="oge_dynamics")
    services.set_target(actor=admin_user, indicator=ind, municipality=None, school_year=years[2024], value="90")
    url = f"/monitoring/schools/{school_a1.pk}/?year=2024"
    assert "цель региона" in text_of(client_for(methodologist_a).get(url))
    services.set_target(actor=methodologist_a, indicator=ind, municipality=muni_a, school_year=years[2024],
                        value="85")
    page = text_of(client_for(methodologist_a).get(url))
    assert "85 цель муниципалитета" in page


# ---- API -----------------------------------------------------------------------------------------------------


def test_api_local_indicators(local_a, muni_a, muni_b, methodologist_a, methodologist_b, admin_user, client_for):
    mine = client_for(methodologist_a).get("/api/v1/indicators/?local=true").json()
    assert [r["code"] for r in mine["results"]] == [local_a.code] and mine["results"][0]["municipality"] == "dinskoy"
    theirs = client_for(methodologist_b).get("/api/v1/indicators/?page_size=100").json()
    assert local_a.code not in {r["code"] for r in theirs["results"]} and theirs["count"] == 21
    for method, path in (("get", f"/api/v1/indicators/{local_a.pk}/"), ("patch", f"/api/v1/indicators/{local_a.pk}/"),
                         ("post", f"/api/v1/indicators/{local_a.pk}/retire/")):
        answer = getattr(client_for(methodologist_b), method)(path, {"name": "Чужое"},
                                                              content_type="application/json")
        assert answer.status_code == 404
    refused = client_for(methodologist_b).post("/api/v1/indicators/", {
        "name": "Подброшенный", "unit": "count", "direction": "up", "municipality": "dinskoy"},
        content_type="application/json")
    assert refused.status_code == 403 and "местные показатели" in refused.json()["detail"].lower()
    created = client_for(methodologist_b).post("/api/v1/indicators/", {
        "name": "Свой", "unit": "count", "direction": "up", "municipality": "kalininsky"},
        content_type="application/json")
    assert created.status_code == 201 and created.json()["municipality"] == "kalininsky"
    renamed = client_for(methodologist_a).patch(f"/api/v1/indicators/{local_a.pk}/", {"name": "Переименован"},
                                                content_type="application/json")
    assert renamed.status_code == 200 and renamed.json()["name"] == "Переименован"
    assert admin_user and client_for(admin_user).get("/api/v1/indicators/?local=true").json()["count"] == 2


def test_api_targets(muni_a, muni_b, years, methodologist_a, methodologist_b, director_a1, admin_user, local_a,
                     client_for):
    body = {"indicator": "oge_dynamics", "municipality": None, "school_year": "2024/2025", "value": 90}
    refused = client_for(methodologist_a).post("/api/v1/indicator-targets/", body, content_type="application/json")
    assert refused.status_code == 403 and not Target.objects.exists()
    assert client_for(director_a1).post("/api/v1/indicator-targets/", {**body, "municipality": "dinskoy"},
                                        content_type="application/json").status_code == 403
    region = client_for(admin_user).post("/api/v1/indicator-targets/", body, content_type="application/json")
    assert region.status_code == 201 and region.json()["kind"] == "region"
    own = client_for(methodologist_a).post("/api/v1/indicator-targets/", {**body, "municipality": "dinskoy",
                                                                           "value": "80.5"},
                                           content_type="application/json")
    assert own.status_code == 201 and own.json() | {"id": 0} == {
        "id": 0, "indicator": "oge_dynamics", "municipality": "dinskoy", "school_year": "2024/2025", "value": 80.5,
        "kind": "municipality"}
    other = client_for(methodologist_b).post("/api/v1/indicator-targets/", {**body, "municipality": "dinskoy"},
                                             content_type="application/json")
    assert other.status_code == 400 and "municipality" in other.json()
    hidden = client_for(methodologist_b).post("/api/v1/indicator-targets/", {
        **body, "indicator": local_a.code, "municipality": "kalininsky"}, content_type="application/json")
    assert hidden.status_code == 400 and "indicator" in hidden.json()
    seen_b = client_for(methodologist_b).get("/api/v1/indicator-targets/").json()
    assert [(r["municipality"], r["kind"]) for r in seen_b["results"]] == [(None, "region")]
    seen_a = client_for(director_a1).get("/api/v1/indicator-targets/?indicator=oge_dynamics").json()
    assert {r["kind"] for r in seen_a["results"]} == {"region", "municipality"}
    removed = client_for(methodologist_a).post("/api/v1/indicator-targets/", {**body, "municipality": "dinskoy",
                                                                               "value": None},
                                               content_type="application/json")
    assert removed.status_code == 204 and Target.objects.count() == 1


def test_annual_report_names_whose_target(local_a, muni_a, years, admin_user, methodologist_a):
    from monitoring.reports.sections.indicators import _whose

    ind = Indicator.objects.get(code="oge_dynamics")
    services.set_target(actor=admin_user, indicator=ind, municipality=None, school_year=years[2024], value="90")
    services.set_target(actor=methodologist_a, indicator=local_a, municipality=muni_a, school_year=years[2024],
                        value="4")
    rows = {r["code"]: r for r in selectors.indicator_table(muni_a, years[2024])}
    assert _whose(rows["oge_dynamics"]) == " — цель региона"
    assert _whose(rows[local_a.code]) == " (местный показатель) — цель муниципалитета"
    assert _whose(rows["oge_match"]) == ""  # no target: nothing to name

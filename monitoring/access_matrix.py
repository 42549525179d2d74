"""The permission matrix rows of monitoring (monitoring.access): dashboards, the effect, recompute runs, the catalogue,
recommendations and their API. Expected answers per verb and role, one per position (own / other school / other
municipality) — see core.permission_matrix; checked by tests/core/test_permission_matrix.py."""

from core.permission_matrix import Route, answers, everyone, ok_for  # noqa: F401


def _run(at):
    """A recompute run of the position's municipality (made here when the demo has none)."""
    from .models import ComputeRun

    run = ComputeRun.objects.filter(municipality=at.municipality).order_by("pk").first()
    if run is None:
        run = ComputeRun.objects.create(municipality=at.municipality, school_year=at.year, state="done",
                                        progress=100)
    return {"pk": run.pk}


def _indicator(at):
    """own: a region indicator; other_school: a local indicator of the anchor's municipality (Динской район, the
    roles' own); other_muni: a local indicator of Калининский район (made here when the demo has none)."""
    from .models import Indicator

    if at.name == "own":
        return {"pk": Indicator.objects.filter(municipality__isnull=True).order_by("pk").values_list("pk",
                                                                                                    flat=True)[0]}
    local = Indicator.objects.filter(municipality=at.municipality).order_by("pk").first()
    if local is None:
        local = Indicator.objects.create(municipality=at.municipality, code=f"local-{at.municipality.code}",
                                         name=f"Местный показатель ({at.municipality.name})", number=99,
                                         unit="count", source="entered")
    return {"pk": local.pk}


def _value(at):
    from .models import Value

    pk = Value.objects.filter(school=at.school).order_by("pk").values_list("pk", flat=True).first()
    return None if pk is None else {"pk": pk}


def _recommendation(at):
    """A proposed recommendation to the position's school (made here when the demo has none)."""
    from .models import Recommendation

    rec = Recommendation.objects.filter(school=at.school, audience="school", state="proposed").order_by("pk").first()
    if rec is None:
        rec = Recommendation.objects.create(municipality=at.municipality, school=at.school, school_year=at.year,
                                            audience="school", text="Провести педагогический совет.")
    return {"pk": rec.pk}


KINDS = {
    "monitored_school": lambda at: {"pk": at.school.pk},
    "compute_run": _run,
    "indicator": _indicator,
    "indicator_value": _value,
    "recommendation": _recommendation,
}

GET_ONLY = answers("login", "405", "405", "405", "405", "405")
API_NO = answers("401", "405", "405", "405", "405", "405")

# codes per verb: answers(anon, methodologist, head, director, leader, admin)
ROUTES = {
    "monitoring:dashboard": Route(get=answers("login", "200", "200", "302", "302", "200"), post=GET_ONLY),
    "monitoring:school_dashboard": Route(
        "monitored_school",
        get=answers("login", "200 200 404", "200 200 404", "200 404 404", "404", "200"),
        post=answers("login", "405", "405", "405", "405", "405")),
    "monitoring:effect": Route(get=ok_for("methodologist head admin"), post=GET_ONLY),
    "monitoring:compute_start": Route(get=GET_ONLY, post=answers("login", "302", "302", "403", "403", "302")),
    "monitoring:run_detail": Route(
        "compute_run", get=answers("login", "200 200 404", "200 200 404", "404", "404", "200"),
        post=answers("login", "405", "405", "405", "405", "405")),
    "monitoring:run_status": Route(
        "compute_run", get=answers("login", "200 200 404", "200 200 404", "404", "404", "200"),
        post=answers("login", "405", "405", "405", "405", "405")),
    # a finished run is refused with a message on its page (302); the head sees the run but does not recompute
    "monitoring:run_restart": Route(
        "compute_run", get=answers("login", "405", "405", "405", "405", "405"),
        post=answers("login", "302 302 404", "403 403 404", "404", "404", "302")),
    "monitoring:indicator_list": Route(get=ok_for("methodologist head director leader admin"), post=GET_ONLY),
    # catalogues (monitoring/access.py): a region indicator is written by administrators only; a local indicator
    # by its municipality's methodologist and head (and administrators), another municipality's is not found (404);
    # `indicator` positions: own — a region indicator, other_school — a local indicator of the roles' municipality,
    # other_muni — one of another municipality. An empty POST on the page: the municipal staff may set targets
    # there (400: no action), the others are refused
    "monitoring:indicator_new": Route(get=ok_for("methodologist head admin"),
                                      post=answers("login", "400", "400", "403", "403", "400")),
    "monitoring:indicator_detail": Route(
        "indicator", get=answers("login", "200 200 404", "200 200 404", "200 200 404", "200 200 404", "200"),
        post=answers("login", "400 400 404", "400 400 404", "403 403 404", "403 403 404", "400")),
    "monitoring:recommendation_list": Route(get=ok_for("methodologist head director admin"), post=GET_ONLY),
    "monitoring:recommendation_generate": Route(get=GET_ONLY,
                                                post=answers("login", "302", "302", "403", "403", "302")),
    "monitoring:recommendation_new": Route(get=GET_ONLY, post=answers("login", "400", "403", "403", "403", "400")),
    "monitoring:recommendation_detail": Route(
        "recommendation",
        get=answers("login", "200 200 404", "200 200 404", "200 404 404", "404", "200"),
        post=answers("login", "400 400 404", "400 400 404", "403 404 404", "404", "400")),
    # API
    "api:indicator-list": Route(get=answers("401", "200", "200", "200", "200", "200"),
                                post=answers("401", "400", "400", "403", "403", "400")),
    "api:indicator-detail": Route(
        "indicator",
        get=answers("401", "200 200 404", "200 200 404", "200 200 404", "200 200 404", "200"),
        post=answers("401", "405", "405", "403", "403", "405"),
        put=answers("401", "405", "405", "403", "403", "405"),
        patch=answers("401", "403 200 404", "403 200 404", "403", "403", "200"),
        delete=answers("401", "405", "405", "403", "403", "405")),
    "api:indicator-retire": Route(
        "indicator",
        get=answers("401", "405", "405", "405", "405", "405"),
        post=answers("401", "403 200 404", "403 200 404", "403", "403", "200")),
    # targets: a municipality's set by its methodologist and head, the region's by administrators
    "api:indicator-target-list": Route(get=answers("401", "200", "200", "200", "200", "200"),
                                       post=answers("401", "400", "400", "403", "403", "400")),
    "api:indicator-value-list": Route(get=answers("401", "200", "200", "200", "200", "200"), post=API_NO),
    "api:indicator-value-detail": Route(
        "indicator_value",
        get=answers("401", "200 200 404", "200 200 404", "200 404 404", "404", "200"),
        post=API_NO, put=API_NO, patch=API_NO, delete=API_NO),
    "api:effectiveness-list": Route(get=answers("401", "200", "200", "403", "403", "200"), post=API_NO),
    "api:recommendation-list": Route(get=answers("401", "200", "200", "200", "200", "200"),
                                     post=answers("401", "400", "403", "403", "403", "400")),
    "api:recommendation-detail": Route(
        "recommendation",
        get=answers("401", "200 200 404", "200 200 404", "200 404 404", "404", "200"),
        post=API_NO, put=API_NO,
        patch=answers("401", "400 400 404", "403 403 404", "403 404 404", "404", "400"),
        delete=API_NO),
    "api:recommendation-dismiss": Route(
        "recommendation",
        get=API_NO,
        post=answers("401", "400 400 404", "403 403 404", "403 404 404", "404", "400")),
    "api:recommendation-adopt": Route(
        "recommendation",
        get=API_NO,
        post=answers("401", "400 400 404", "400 400 404", "403 404 404", "404", "400")),
}

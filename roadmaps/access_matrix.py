"""The permission matrix rows of roadmaps, activities, reports, risk profiles, catalogues (roadmaps.access); their API.

Expected answers per verb and role, one per position (own / other school / other municipality) — see
core.permission_matrix; checked by tests/core/test_permission_matrix.py."""


from core.permission_matrix import Route, answers, everyone  # noqa: F401


def _programme(at):
    """The school's programme of the latest year (or, without one, the municipality's roadmap)."""
    from .models import Roadmap

    qs = Roadmap.objects.order_by("-school_year__start_year", "-revision", "pk")
    return qs.filter(school=at.school, level="school").first() or qs.filter(
        municipality=at.municipality, level="municipal").first()


def _pk(obj, key="pk"):
    return None if obj is None else {key: obj.pk}


def _revision(at):
    from .models import RoadmapRevision

    revision = RoadmapRevision.objects.filter(roadmap=_programme(at)).order_by("number").first()
    return None if revision is None else {"pk": revision.roadmap_id, "number": revision.number}


def _activity(at):
    return _pk(_programme(at).activities.order_by("number").first())


def _evidence(at):
    """An evidence file of the programme's first activity (uploaded here when the demo has none)."""
    from django.core.files.base import ContentFile

    from .models import Evidence

    programme = _programme(at)
    activity = programme and programme.activities.order_by("number").first()
    if activity is None:
        return None
    evidence = Evidence.objects.filter(activity=activity).order_by("pk").first()
    if evidence is None:
        evidence = Evidence(activity=activity, original_name="акт.pdf", uploaded_by=at.director)
        evidence.file.save("matrix.pdf", ContentFile(b"%PDF-1.4 matrix"), save=True)
    return {"pk": evidence.pk}


def _report(at):
    from .models import ProgressReport

    return ProgressReport.objects.filter(roadmap=_programme(at)).order_by("pk").first()


def _report_section(at):
    from roadmaps.registries import report_sections

    report = _report(at)
    sections = report_sections(report) if report else []
    return {"pk": report.pk, "key": sections[0].key} if sections else None


def _risk_profile(at):
    from .models import RiskProfile

    return _pk(RiskProfile.objects.filter(school=at.school).order_by("-pk").first())


def _risk_factor(at):
    from .models import RiskFactor

    return _pk(RiskFactor.objects.order_by("pk").first()) if at.name == "own" else None


KINDS = {
    "roadmap": lambda at: _pk(_programme(at)),
    "roadmap_parent": lambda at: _pk(_programme(at), "roadmap_pk"),
    "revision": _revision,
    "activity": _activity,
    "evidence": _evidence,
    "report": lambda at: _pk(_report(at)),
    "report_section": _report_section,
    "risk_profile_page": lambda at: {"school_pk": at.school.pk, "year": at.year.start_year},
    "risk_profile": _risk_profile,
    "risk_factor": _risk_factor,
    "catalogue": lambda at: {"kind": "risk-factors"} if at.name == "own" else None,
    "catalogue_item": lambda at: (f := _risk_factor(at)) and {"kind": "risk-factors", **f},
}


# codes per verb: answers(anon, methodologist, head, director, leader, admin)
ROUTES = {
    "api:activity-detail": Route(
        "activity",
        get=answers("401", "200 200 404", "200 200 404", "200 404 404", "200 404 404", "200"),
        post=answers("401", "405", "405", "405", "405", "405"),
        put=answers("401", "405", "405", "405", "405", "405"),
        patch=answers("401", "200 200 404", "403 403 404", "403 404 404", "403 404 404", "200"),
        delete=answers("401", "405", "405", "405", "405", "405"),
    ),
    "api:activity-list": Route(
        get=answers("401", "200", "200", "200", "200", "200"),
        post=answers("401", "405", "405", "405", "405", "405"),
    ),
    "api:risk-factor-detail": Route(
        "risk_factor",
        get=answers("401 - -", "200 - -", "200 - -", "200 - -", "200 - -", "200 - -"),
        post=answers("401 - -", "403 - -", "403 - -", "403 - -", "403 - -", "405 - -"),
        put=answers("401 - -", "403 - -", "403 - -", "403 - -", "403 - -", "405 - -"),
        patch=answers("401 - -", "403 - -", "403 - -", "403 - -", "403 - -", "200 - -"),
        delete=answers("401 - -", "403 - -", "403 - -", "403 - -", "403 - -", "405 - -"),
    ),
    "api:risk-factor-list": Route(
        get=answers("401", "200", "200", "200", "200", "200"),
        post=answers("401", "403", "403", "403", "403", "400"),
    ),
    "api:risk-profile-detail": Route(
        "risk_profile",
        get=answers("- 401 -", "- 200 -", "- 200 -", "- 404 -", "- 404 -", "- 200 -"),
        post=answers("- 401 -", "- 405 -", "- 405 -", "- 405 -", "- 405 -", "- 405 -"),
        put=answers("- 401 -", "- 405 -", "- 405 -", "- 405 -", "- 405 -", "- 405 -"),
        patch=answers("- 401 -", "- 405 -", "- 405 -", "- 405 -", "- 405 -", "- 405 -"),
        delete=answers("- 401 -", "- 405 -", "- 405 -", "- 405 -", "- 405 -", "- 405 -"),
    ),
    "api:risk-profile-list": Route(
        get=answers("401", "200", "200", "200", "200", "200"),
        post=answers("401", "405", "405", "405", "405", "405"),
    ),
    "api:roadmap-detail": Route(
        "roadmap",
        get=answers("401", "200 200 404", "200 200 404", "200 404 404", "200 404 404", "200"),
        post=answers("401", "405", "405", "405", "405", "405"),
        put=answers("401", "405", "405", "405", "405", "405"),
        patch=answers("401", "405", "405", "405", "405", "405"),
        delete=answers("401", "405", "405", "405", "405", "405"),
    ),
    "api:roadmap-list": Route(
        get=answers("401", "200", "200", "200", "200", "200"),
        post=answers("401", "405", "405", "405", "405", "405"),
    ),
    "roadmaps:activity_comment": Route(
        "activity",
        get=answers("login", "405", "405", "405", "405", "405"),
        post=answers("login", "302 302 404", "302 302 404", "302 404 404", "302 404 404", "302"),
    ),
    "roadmaps:activity_create": Route(
        "roadmap_parent",
        get=answers("login", "302 302 404", "403 403 404", "403 404 404", "403 404 404", "302"),
        post=answers("login", "302 302 404", "403 403 404", "403 404 404", "403 404 404", "302"),
    ),
    "roadmaps:activity_delete": Route(
        "activity",
        get=answers("login", "405", "405", "405", "405", "405"),
        post=answers("login", "403 403 404", "403 403 404", "403 404 404", "403 404 404", "403"),
    ),
    "roadmaps:activity_detail": Route(
        "activity",
        get=answers("login", "200 200 404", "200 200 404", "200 404 404", "200 404 404", "200"),
        post=answers("login", "200 200 404", "403 403 404", "403 404 404", "403 404 404", "200"),
    ),
    "roadmaps:activity_edit": Route(
        "activity",
        get=answers("login", "302 302 404", "403 403 404", "403 404 404", "403 404 404", "302"),
        post=answers("login", "302 302 404", "403 403 404", "403 404 404", "403 404 404", "302"),
    ),
    "roadmaps:catalogue_create": Route(
        "catalogue",
        get=answers("login - -", "403 - -", "403 - -", "403 - -", "403 - -", "200 - -"),
        post=answers("login - -", "403 - -", "403 - -", "403 - -", "403 - -", "200 - -"),
    ),
    "roadmaps:catalogue_edit": Route(
        "catalogue_item",
        get=answers("login - -", "403 - -", "403 - -", "403 - -", "403 - -", "200 - -"),
        post=answers("login - -", "403 - -", "403 - -", "403 - -", "403 - -", "200 - -"),
    ),
    "roadmaps:catalogue_list": Route(
        "catalogue",
        get=answers("login - -", "200 - -", "200 - -", "200 - -", "200 - -", "200 - -"),
        post=answers("login - -", "405 - -", "405 - -", "405 - -", "405 - -", "405 - -"),
    ),
    "roadmaps:evidence_download": Route(
        "evidence",
        get=answers("login", "200 200 404", "200 200 404", "200 404 404", "200 404 404", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
    "roadmaps:overview": Route(
        get=answers("login", "200", "200", "200", "200", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
    "roadmaps:report_detail": Route(
        "report",
        get=answers("- login -", "- 200 -", "- 200 -", "- 404 -", "- 404 -", "- 200 -"),
        post=answers("- login -", "- 405 -", "- 405 -", "- 405 -", "- 405 -", "- 405 -"),
    ),
    "roadmaps:report_review": Route(
        "report",
        get=answers("- login -", "- 405 -", "- 405 -", "- 405 -", "- 405 -", "- 405 -"),
        post=answers("- login -", "- 403 -", "- 302 -", "- 404 -", "- 404 -", "- 302 -"),
    ),
    "roadmaps:report_save": Route(
        "roadmap_parent",
        get=answers("login", "405", "405", "405", "405", "405"),
        post=answers("login", "302 302 404", "403 403 404", "403 404 404", "403 404 404", "302"),
    ),
    "roadmaps:report_section_save": Route(
        "report_section",
        get=answers("- login -", "- 405 -", "- 405 -", "- 405 -", "- 405 -", "- 405 -"),
        post=answers("- login -", "- 403 -", "- 403 -", "- 404 -", "- 404 -", "- 403 -"),
    ),
    "roadmaps:report_submit": Route(
        "report",
        get=answers("- login -", "- 405 -", "- 405 -", "- 405 -", "- 405 -", "- 405 -"),
        post=answers("- login -", "- 302 -", "- 403 -", "- 404 -", "- 404 -", "- 302 -"),
    ),
    "roadmaps:revision_detail": Route(
        "revision",
        get=answers("login", "200 200 404", "200 200 404", "200 404 404", "200 404 404", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
    "roadmaps:risk_profile": Route(
        "risk_profile_page",
        get=answers("login", "200 200 404", "200 200 404", "200 403 404", "403 403 404", "200"),
        post=answers("login", "302 302 404", "403 403 404", "302 403 404", "403 403 404", "302"),
    ),
    "roadmaps:roadmap_approve": Route(
        "roadmap",
        get=answers("login", "405", "405", "405", "405", "405"),
        post=answers("login", "403 403 404", "302 302 404", "403 404 404", "403 404 404", "302"),
    ),
    "roadmaps:roadmap_create": Route(
        get=answers("login", "200", "403", "200", "200", "200"),
        post=answers("login", "200", "403", "200", "200", "200"),
    ),
    "roadmaps:roadmap_detail": Route(
        "roadmap",
        get=answers("login", "200 200 404", "200 200 404", "200 404 404", "200 404 404", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
    "roadmaps:roadmap_edit": Route(
        "roadmap",
        get=answers("login", "302 302 404", "403 403 404", "403 404 404", "403 404 404", "302"),
        post=answers("login", "302 302 404", "403 403 404", "403 404 404", "403 404 404", "302"),
    ),
    "roadmaps:roadmap_gantt": Route(
        "roadmap",
        get=answers("login", "200 200 404", "200 200 404", "200 404 404", "200 404 404", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
    "roadmaps:roadmap_import": Route(
        "roadmap",
        get=answers("login", "405", "405", "405", "405", "405"),
        post=answers("login", "302 302 404", "403 403 404", "403 404 404", "403 404 404", "302"),
    ),
    "roadmaps:roadmap_pdf": Route(
        "roadmap",
        get=answers("login", "200 200 404", "200 200 404", "200 404 404", "200 404 404", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
    "roadmaps:roadmap_return": Route(
        "roadmap",
        get=answers("login", "405", "405", "405", "405", "405"),
        post=answers("login", "403 302 404", "302 302 404", "403 404 404", "403 404 404", "302"),
    ),
    "roadmaps:roadmap_revise": Route(
        "roadmap",
        get=answers("login", "405", "405", "405", "405", "405"),
        post=answers("login", "302 302 404", "403 403 404", "403 404 404", "403 404 404", "302"),
    ),
    "roadmaps:roadmap_submit": Route(
        "roadmap",
        get=answers("login", "405", "405", "405", "405", "405"),
        post=answers("login", "302 302 404", "403 403 404", "403 404 404", "403 404 404", "302"),
    ),
    "roadmaps:roadmap_xlsx": Route(
        "roadmap",
        get=answers("login", "200 200 404", "200 200 404", "200 404 404", "200 404 404", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
}

"""The permission matrix rows of runs, the official list, methodologies (identification.access); their API.

Expected answers per verb and role, one per position (own / other school / other municipality) — see
core.permission_matrix; checked by tests/core/test_permission_matrix.py."""


from core.permission_matrix import Route, answers, everyone  # noqa: F401


def _run(at):
    from .models import Run

    return Run.objects.filter(municipality=at.municipality, is_what_if=False).order_by("-pk").first()


def _run_school(at):
    from .models import RunSchool

    row = RunSchool.objects.filter(run__municipality=at.municipality, run__is_what_if=False, school=at.school,
                                   run__state="approved").order_by("-run_id").first()
    return None if row is None else {"pk": row.run_id, "school_pk": at.school.pk}


def _status(at):
    from .models import SchoolStatus

    status = SchoolStatus.objects.filter(school=at.school).order_by("-pk").first()
    return None if status is None else {"pk": status.pk}


def _methodology(at):
    from .models import Methodology

    return {"pk": Methodology.objects.get(is_default=True).pk} if at.name == "own" else None


KINDS = {
    "run": lambda at: (run := _run(at)) and {"pk": run.pk},
    "run_school": _run_school,
    "status": _status,
    "methodology": _methodology,
    "list_year": lambda at: {"year": at.year.start_year} if at.name == "own" else None,
}


# codes per verb: answers(anon, methodologist, head, director, leader, admin)
ROUTES = {
    "api:identification-run-detail": Route(
        "run",
        get=answers("401", "200 200 404", "200 200 404", "404", "404", "200"),
        post=answers("401", "405", "405", "405", "405", "405"),
        put=answers("401", "405", "405", "405", "405", "405"),
        patch=answers("401", "405", "405", "405", "405", "405"),
        delete=answers("401", "405", "405", "405", "405", "405"),
    ),
    "api:identification-run-list": Route(
        get=answers("401", "200", "200", "200", "200", "200"),
        post=answers("401", "405", "405", "405", "405", "405"),
    ),
    "api:identification-run-schools": Route(
        "run",
        get=answers("401", "200 200 404", "200 200 404", "404", "404", "200"),
        post=answers("401", "405", "405", "405", "405", "405"),
        put=answers("401", "405", "405", "405", "405", "405"),
        patch=answers("401", "405", "405", "405", "405", "405"),
        delete=answers("401", "405", "405", "405", "405", "405"),
    ),
    "api:methodology-detail": Route(
        "methodology",
        get=answers("401 - -", "200 - -", "200 - -", "200 - -", "200 - -", "200 - -"),
        post=answers("401 - -", "405 - -", "405 - -", "405 - -", "405 - -", "405 - -"),
        put=answers("401 - -", "405 - -", "405 - -", "405 - -", "405 - -", "405 - -"),
        patch=answers("401 - -", "405 - -", "405 - -", "405 - -", "405 - -", "405 - -"),
        delete=answers("401 - -", "405 - -", "405 - -", "405 - -", "405 - -", "405 - -"),
    ),
    "api:methodology-list": Route(
        get=answers("401", "200", "200", "200", "200", "200"),
        post=answers("401", "405", "405", "405", "405", "405"),
    ),
    "api:status-detail": Route(
        "status",
        get=answers("- 401 -", "- 200 -", "- 200 -", "- 200 -", "- 200 -", "- 200 -"),
        post=answers("- 401 -", "- 405 -", "- 405 -", "- 405 -", "- 405 -", "- 405 -"),
        put=answers("- 401 -", "- 405 -", "- 405 -", "- 405 -", "- 405 -", "- 405 -"),
        patch=answers("- 401 -", "- 405 -", "- 405 -", "- 405 -", "- 405 -", "- 405 -"),
        delete=answers("- 401 -", "- 405 -", "- 405 -", "- 405 -", "- 405 -", "- 405 -"),
    ),
    "api:status-list": Route(
        get=answers("401", "200", "200", "200", "200", "200"),
        post=answers("401", "405", "405", "405", "405", "405"),
    ),
    "identification:approve": Route(
        "run",
        get=answers("login", "403 403 404", "200 200 404", "404", "404", "200"),
        post=answers("login", "403 403 404", "200 200 404", "404", "404", "200"),
    ),
    "identification:methodology_detail": Route(
        "methodology",
        get=answers("login - -", "200 - -", "200 - -", "200 - -", "200 - -", "200 - -"),
        post=answers("login - -", "405 - -", "405 - -", "405 - -", "405 - -", "405 - -"),
    ),
    "identification:methodology_list": Route(
        get=answers("login", "200", "200", "200", "200", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
    "identification:methodology_new_version": Route(
        "methodology",
        get=answers("login - -", "200 - -", "403 - -", "403 - -", "403 - -", "200 - -"),
        post=answers("login - -", "200 - -", "403 - -", "403 - -", "403 - -", "200 - -"),
    ),
    "identification:official_list": Route(
        get=answers("login", "302", "302", "302", "302", "302"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
    "identification:official_list_pdf": Route(
        "list_year",
        get=answers("login - -", "200 - -", "200 - -", "200 - -", "200 - -", "200 - -"),
        post=answers("login - -", "405 - -", "405 - -", "405 - -", "405 - -", "405 - -"),
    ),
    "identification:official_list_xlsx": Route(
        "list_year",
        get=answers("login - -", "200 - -", "200 - -", "200 - -", "200 - -", "200 - -"),
        post=answers("login - -", "405 - -", "405 - -", "405 - -", "405 - -", "405 - -"),
    ),
    "identification:official_list_year": Route(
        "list_year",
        get=answers("login - -", "200 - -", "200 - -", "200 - -", "200 - -", "200 - -"),
        post=answers("login - -", "405 - -", "405 - -", "405 - -", "405 - -", "405 - -"),
    ),
    "identification:run_create": Route(
        get=answers("login", "200", "403", "403", "403", "200"),
        post=answers("login", "200", "403", "403", "403", "200"),
    ),
    "identification:run_detail": Route(
        "run",
        get=answers("login", "200 200 404", "200 200 404", "404", "404", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
    "identification:run_list": Route(
        get=answers("login", "200", "200", "302", "302", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
    "identification:run_restart": Route(
        "run",
        get=answers("login", "405", "405", "405", "405", "405"),
        post=answers("login", "302 302 404", "403 403 404", "404", "404", "302"),
    ),
    "identification:run_status": Route(
        "run",
        get=answers("login", "200 200 404", "200 200 404", "404", "404", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
    "identification:why": Route(
        "run_school",
        get=answers("login", "200 200 404", "200 200 404", "200 404 404", "404", "200"),
        post=answers("login", "403 403 404", "403 403 404", "403 404 404", "404", "403"),
    ),
}

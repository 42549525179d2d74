"""The permission matrix rows of imports (core.imports: an import is its starter's).

Expected answers per verb and role, one per position (own / other school / other municipality) — see
core.permission_matrix; checked by tests/core/test_permission_matrix.py."""


from core.permission_matrix import Route, answers, everyone  # noqa: F401


def _import_job(at):
    """An import started by the position's director (made here: the demo has none)."""
    from .models import ImportJob

    job = ImportJob.objects.filter(requested_by=at.director).first() or ImportJob.objects.create(
        kind="schools", original_name="школы.xlsx", file="imports/matrix.xlsx", requested_by=at.director)
    return {"pk": job.pk}


KINDS = {
    "import_job": _import_job,
    "import_template": lambda at: {"kind": "schools", "fmt": "xlsx"} if at.name == "own" else None,
}


# codes per verb: answers(anon, methodologist, head, director, leader, admin)
ROUTES = {
    "imports:answer": Route(
        "import_job",
        get=answers("login", "405", "405", "405", "405", "405"),
        post=answers("login", "404", "404", "403 404 404", "404", "302"),
    ),
    "imports:apply": Route(
        "import_job",
        get=answers("login", "405", "405", "405", "405", "405"),
        post=answers("login", "404", "404", "403 404 404", "404", "302"),
    ),
    "imports:detail": Route(
        "import_job",
        get=answers("login", "404", "404", "200 404 404", "404", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
    "imports:mapping": Route(
        "import_job",
        get=answers("login", "405", "405", "405", "405", "405"),
        post=answers("login", "404", "404", "403 404 404", "404", "302"),
    ),
    "imports:restart": Route(
        "import_job",
        get=answers("login", "405", "405", "405", "405", "405"),
        post=answers("login", "404", "404", "403 404 404", "404", "302"),
    ),
    "imports:start": Route(
        get=answers("login", "200", "403", "403", "403", "200"),
        # an empty POST is the empty form again (200); a refused upload answers 400 (see
        # tests/schools/test_registry_imports.py)
        post=answers("login", "200", "403", "403", "403", "200"),
    ),
    "imports:status": Route(
        "import_job",
        get=answers("login", "404", "404", "200 404 404", "404", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
    "imports:template": Route(
        "import_template",
        get=answers("login - -", "200 - -", "200 - -", "200 - -", "200 - -", "200 - -"),
        post=answers("login - -", "405 - -", "405 - -", "405 - -", "405 - -", "405 - -"),
    ),
}

"""The permission matrix rows of designations and agreements (partnerships.access); their API.

Expected answers per verb and role, one per position (own / other school / other municipality) — see
core.permission_matrix; checked by tests/core/test_permission_matrix.py."""


from core.permission_matrix import Route, answers, everyone  # noqa: F401


def _designation(at):
    from .models import Designation

    qs = Designation.objects.order_by("pk")
    found = qs.filter(school=at.school).first() or qs.filter(school__municipality=at.municipality).first()
    return None if found is None else {"pk": found.pk}


def _agreement(at):
    from .models import Agreement

    qs = Agreement.objects.order_by("pk")
    found = qs.filter(supported_school=at.school).first() or qs.filter(
        supported_school__municipality=at.municipality).first()
    return None if found is None else {"pk": found.pk}


KINDS = {"designation": _designation, "agreement": _agreement}


# codes per verb: answers(anon, methodologist, head, director, leader, admin)
ROUTES = {
    "api:agreement-detail": Route(
        "agreement",
        get=answers("401", "200 200 404", "200 200 404", "404", "404", "200"),
        post=answers("401", "405", "405", "405", "405", "405"),
        put=answers("401", "405", "405", "405", "405", "405"),
        patch=answers("401", "405", "405", "405", "405", "405"),
        delete=answers("401", "405", "405", "405", "405", "405"),
    ),
    "api:agreement-list": Route(
        get=answers("401", "200", "200", "200", "200", "200"),
        post=answers("401", "405", "405", "405", "405", "405"),
    ),
    "api:designation-detail": Route(
        "designation",
        get=answers("401", "200 200 404", "200 200 404", "404", "404", "200"),
        post=answers("401", "405", "405", "405", "405", "405"),
        put=answers("401", "405", "405", "405", "405", "405"),
        patch=answers("401", "405", "405", "405", "405", "405"),
        delete=answers("401", "405", "405", "405", "405", "405"),
    ),
    "api:designation-list": Route(
        get=answers("401", "200", "200", "200", "200", "200"),
        post=answers("401", "405", "405", "405", "405", "405"),
    ),
    "partnerships:agreement_activate": Route(
        "agreement",
        get=answers("login", "405", "405", "405", "405", "405"),
        post=answers("login", "302 302 404", "403 403 404", "404", "404", "302"),
    ),
    "partnerships:agreement_create": Route(
        get=answers("login", "200", "403", "403", "403", "200"),
        post=answers("login", "200", "403", "403", "403", "200"),
    ),
    "partnerships:agreement_detail": Route(
        "agreement",
        get=answers("login", "200 200 404", "200 200 404", "404", "404", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
    "partnerships:agreement_document": Route(
        "agreement",
        get=answers("login", "200 200 404", "200 200 404", "404", "404", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
    "partnerships:agreement_edit": Route(
        "agreement",
        get=answers("login", "302 302 404", "403 403 404", "404", "404", "302"),
        post=answers("login", "302 302 404", "403 403 404", "404", "404", "302"),
    ),
    "partnerships:agreement_export": Route(
        get=answers("login", "200", "200", "200", "200", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
    "partnerships:agreement_list": Route(
        get=answers("login", "200", "200", "200", "200", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
    "partnerships:agreement_terminate": Route(
        "agreement",
        get=answers("login", "405", "405", "405", "405", "405"),
        post=answers("login", "302 302 404", "403 403 404", "404", "404", "302"),
    ),
    "partnerships:coverage": Route(
        get=answers("login", "200", "200", "403", "403", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
    "partnerships:designation_create": Route(
        get=answers("login", "200", "403", "403", "403", "200"),
        post=answers("login", "200", "403", "403", "403", "200"),
    ),
    "partnerships:designation_detail": Route(
        "designation",
        get=answers("login", "200 200 404", "200 200 404", "404", "404", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
    "partnerships:designation_document": Route(
        "designation",
        get=answers("login", "404", "404", "404", "404", "404"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
    "partnerships:designation_edit": Route(
        "designation",
        get=answers("login", "200 200 404", "403 403 404", "404", "404", "200"),
        post=answers("login", "200 200 404", "403 403 404", "404", "404", "200"),
    ),
    "partnerships:designation_export": Route(
        get=answers("login", "200", "200", "200", "200", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
    "partnerships:designation_list": Route(
        get=answers("login", "200", "200", "200", "200", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
    "partnerships:designation_terminate": Route(
        "designation",
        get=answers("login", "405", "405", "405", "405", "405"),
        post=answers("login", "200 200 404", "403 403 404", "404", "404", "200"),
    ),
    "partnerships:network": Route(
        get=answers("login", "200", "200", "200", "200", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
}

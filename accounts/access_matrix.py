"""The permission matrix rows of users and memberships (accounts.access), the API token.

Expected answers per verb and role, one per position (own / other school / other municipality) — see
core.permission_matrix; checked by tests/core/test_permission_matrix.py."""


from core.permission_matrix import Route, answers, everyone  # noqa: F401


def _user(at):
    return {"pk": at.director.pk}


def _membership(at):
    return {"pk": at.director.memberships.values_list("pk", flat=True).first()}


def _api_token(at):
    """An API token of the position's director (issued here: the demo has none)."""
    from .tokens import issue_token

    token, _key = issue_token(at.director)
    return {"key": token.token_key}


def _role_request(at):
    """A pending methodologist role asked for a new account of the position's municipality by its methodologist."""
    import uuid

    from .models import Role, RoleRequest, User

    requester = User.objects.filter(memberships__role=Role.METHODOLOGIST,
                                    memberships__municipality=at.municipality).order_by("pk").first()
    user = User.objects.create(email=f"new-{uuid.uuid4().hex[:8]}@example.ru")
    request = RoleRequest.objects.create(user=user, role=Role.METHODOLOGIST, municipality=at.municipality,
                                         requested_by=requester)
    return {"pk": request.pk}


KINDS = {"user": _user, "membership": _membership, "api_token": _api_token, "role_request": _role_request}


# codes per verb: answers(anon, methodologist, head, director, leader, admin)
ROUTES = {
    "accounts:api_token_revoke": Route(
        "api_token",
        get=answers("login", "405", "405", "405", "405", "405"),
        post=answers("login", "404", "404", "302 404 404", "404", "404"),
    ),
    "accounts:api_tokens": Route(
        get=answers("login", "200", "200", "200", "200", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
    "accounts:api_tokens_revoke_all": Route(
        get=answers("login", "405", "405", "405", "405", "405"),
        post=answers("login", "302", "302", "302", "302", "302"),
    ),
    "accounts:membership_add": Route(
        "user",
        get=answers("login", "405", "405", "405", "405", "405"),
        post=answers("login", "302 302 404", "302 302 404", "403", "403", "302"),
    ),
    "accounts:membership_delete": Route(
        "membership",
        get=answers("login", "405", "405", "405", "405", "405"),
        post=answers("login", "302 302 404", "302 302 404", "403", "403", "302"),
    ),
    "accounts:role_requests": Route(
        get=answers("login", "200", "200", "403", "403", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
    # only a head of the municipality (or an administrator) confirms; a role request they may not decide is 404
    "accounts:role_request_confirm": Route(
        "role_request",
        get=answers("login", "405", "405", "405", "405", "405"),
        post=answers("login", "404", "302 302 404", "404", "404", "302"),
    ),
    "accounts:role_request_decline": Route(
        "role_request",
        get=answers("login", "405", "405", "405", "405", "405"),
        post=answers("login", "404", "302 302 404", "404", "404", "302"),
    ),
    "accounts:user_create": Route(
        get=answers("login", "200", "200", "403", "403", "200"),
        post=answers("login", "200", "200", "403", "403", "200"),
    ),
    "accounts:user_edit": Route(
        "user",
        get=answers("login", "200 200 404", "200 200 404", "403", "403", "200"),
        post=answers("login", "200 200 404", "200 200 404", "403", "403", "200"),
    ),
    "accounts:user_list": Route(
        get=answers("login", "200", "200", "403", "403", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
    "accounts:user_toggle_active": Route(
        "user",
        get=answers("login", "405", "405", "405", "405", "405"),
        post=answers("login", "302 302 404", "302 302 404", "403", "403", "302"),
    ),
    "api:token": Route(get=everyone("405"), post=everyone("400")),
}

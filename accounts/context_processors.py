from .access import get_scope
from .models import Role


def roles(request):
    """The signed-in user's roles, shown beside their name."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    scope = get_scope(user)
    role_labels = sorted({Role(r).label for r in scope.roles})
    if user.is_superuser and not role_labels:
        role_labels = [Role.ADMIN.label]
    return {"nav_roles": role_labels, "nav_is_admin": scope.is_admin}

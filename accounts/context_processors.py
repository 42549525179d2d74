from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Role
from .scoping import get_scope


def navigation(request):
    """Menu items by role: every item is a page the user may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    scope = get_scope(user)
    items = [
        (_("Школы"), reverse("schools:school_list")),
        (_("Муниципалитеты"), reverse("schools:municipality_list")),
    ]
    if scope.is_admin or scope.municipal_munis:
        items.append((_("Выявление"), reverse("identification:run_list")))
    else:
        items.append((_("Списки ШНОР/ШССУ"), reverse("identification:official_list")))
    items.append((_("Сопровождение"), reverse("partnerships:designation_list")))
    items.append((_("Дорожные карты"), reverse("roadmaps:overview")))
    if scope.is_admin or scope.methodologist_munis:
        items.append((_("Импорт"), reverse("schools:import_start")))
        items.append((_("Пользователи"), reverse("accounts:user_list")))
    # the current section is the item whose URL is the longest prefix of the path
    matches = [url for _label, url in items if request.path.startswith(url)]
    current = max(matches, key=len) if matches else None
    role_labels = sorted({Role(r).label for r in scope.roles})
    if user.is_superuser and not role_labels:
        role_labels = [Role.ADMIN.label]
    return {"nav_items": [(label, url, url == current) for label, url in items], "nav_roles": role_labels,
            "nav_is_admin": scope.is_admin}

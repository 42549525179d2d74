from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Пользователи и роли"

    def ready(self):
        from auditlog.registry import auditlog

        from core.registries import register_demo, register_menu, register_tasks
        from schools.registries import register_scope_provider

        from . import access, demo, start_page, tokens
        from .models import Membership, RoleRequest, User

        auditlog.register(Membership)
        auditlog.register(RoleRequest)
        auditlog.register(User, include_fields=["email", "first_name", "last_name", "patronymic", "position",
                                                "is_active", "is_staff", "is_superuser"])
        register_menu(90, _("Пользователи"), "accounts:user_list", access.can_manage_users)
        register_demo(20, demo.seed)
        register_scope_provider(access.get_scope)  # the registry's rules read the scope computed here
        register_tasks(20, start_page.role_request_tasks)
        tokens.connect(User)  # a new password or a switched-off account revokes the API tokens

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Пользователи и роли"

    def ready(self):
        from auditlog.registry import auditlog

        from core.registries import register_demo, register_menu

        from . import access, demo, tokens
        from .models import Membership, User

        auditlog.register(Membership)
        auditlog.register(User, include_fields=["email", "first_name", "last_name", "patronymic", "position",
                                                "is_active", "is_staff", "is_superuser"])
        register_menu(90, _("Пользователи"), "accounts:user_list", access.can_manage_users)
        register_demo(20, demo.seed)
        tokens.connect(User)  # a new password or a switched-off account revokes the API tokens

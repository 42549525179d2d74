from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Пользователи и роли"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Membership, User

        auditlog.register(Membership)
        auditlog.register(User, include_fields=["email", "first_name", "last_name", "patronymic", "position",
                                                "is_active", "is_staff", "is_superuser"])

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Пользователи и роли"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Membership

        auditlog.register(Membership)

from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = "Реестр школ"

    def ready(self):
        from . import audit  # noqa: F401  registers models with the audit log
        from .imports import _register_registry_kinds
        from .sqlite_like import install

        install()
        _register_registry_kinds()

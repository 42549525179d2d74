from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Общие службы портала"

    def ready(self):
        from celery.schedules import crontab

        from . import checks  # noqa: F401 — registers the deployment checks
        from .imports import importable_kinds
        from .registries import register_beat, register_menu, register_tasks
        from .sqlite_functions import install
        from .start_page import import_tasks
        from .validators import install as refuse_control_characters

        refuse_control_characters()
        install()
        register_menu(0, _("Мои задачи"), "home")
        register_menu(80, _("Импорт"), "imports:start", lambda user: bool(importable_kinds(user)))
        register_tasks(90, import_tasks)
        # one sweep over every job model, by heartbeat, every minute: a lost job is failed within ~3 min (docs/jobs.md)
        register_beat("core-fail-stale-jobs", "core.jobs.tasks.fail_stale_jobs", crontab(minute="*"), expires=50)

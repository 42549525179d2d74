from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = "Мониторинг"

    def ready(self):
        from auditlog.registry import auditlog
        from celery.schedules import crontab

        from core.registries import register_beat, register_demo, register_link_rule, register_menu, register_tasks
        from roadmaps.registries import register_report_section
        from schools.registries import register_card_section

        from . import access, demo, progress_report_section, start_page
        from .card import monitoring_section
        from .models import Indicator, Recommendation, Rule, Target

        register_menu(70, _("Мониторинг"), "monitoring:dashboard", access.can_open_monitoring)
        register_card_section(70, monitoring_section)
        register_beat("monitoring-nightly-compute", "monitoring.tasks.nightly_compute", crontab(hour=2, minute=30))
        register_demo(70, demo.seed)
        register_tasks(70, start_page.monitoring_tasks)
        section = progress_report_section
        register_report_section(10, "monitoring", section.TITLE, applies=section.applies, form=section.form,
                                save=section.save, problems=section.problems, display=section.display,
                                accepted=section.accepted, editor=section.editor)
        register_link_rule(Recommendation, access.can_view_recommendation)
        register_link_rule(Indicator, lambda user, obj: user.is_authenticated)
        auditlog.register(Indicator)
        auditlog.register(Target)
        auditlog.register(Rule)
        auditlog.register(Recommendation)

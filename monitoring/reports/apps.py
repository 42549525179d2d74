from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "monitoring.reports"
    label = "monitoring_reports"
    verbose_name = _("Годовые отчёты")

    def ready(self):
        from core.registries import (
            register_beat,
            register_demo,
            register_link_rule,
            register_menu,
            register_tasks,
        )

        from . import access, demo, schedule, start_page
        from .models import AnnualReport

        register_menu(75, _("Годовой отчёт"), "monitoring_reports:report_list", access.can_open_reports)
        register_link_rule(AnnualReport, access.can_view_report)
        register_tasks(75, start_page.report_tasks)
        register_demo(80, demo.seed)
        register_beat("monitoring-annual-reports", "monitoring.reports.tasks.build_annual_reports",
                      schedule.annual_crontab())

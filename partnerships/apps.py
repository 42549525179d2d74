from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = "Школы-лидеры и партнёрства"

    def ready(self):
        from auditlog.registry import auditlog
        from celery.schedules import crontab

        from core.registries import register_beat, register_demo, register_menu, register_tasks
        from schools import registries as school_registries
        from schools.registries import register_card_section

        from . import demo, start_page
        from .card import partners_section
        from .models import Agreement, Designation
        from .selectors import designation_flags

        register_card_section(20, partners_section)
        register_menu(40, _("Сопровождение"), "partnerships:designation_list")
        register_beat("partnerships-daily-lifecycle", "partnerships.tasks.daily_lifecycle", crontab(hour=6, minute=0))
        register_demo(40, demo.seed)
        register_tasks(40, start_page.partnership_tasks)
        school_registries.register_school_flags(designation_flags)  # identification flags a proposed leader school
        auditlog.register(Designation)
        auditlog.register(Agreement)

        # who may open the pages that links to our objects lead to ({% link_to %}, core.registries.link_for)
        from core.registries import register_link_rule

        from . import access

        register_link_rule(Designation, access.can_view_designation)
        register_link_rule(Agreement, access.can_view_agreement)

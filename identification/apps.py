from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentificationConfig(AppConfig):
    name = "identification"
    verbose_name = "Выявление ШНОР и ШССУ"

    def ready(self):
        from auditlog.registry import auditlog

        from accounts.access import is_municipal_staff
        from core.registries import register_demo, register_menu, register_tasks
        from schools.registries import register_card_section, register_school_columns, register_school_filter

        from . import demo, school_list, start_page
        from .card import statuses_section
        from .models import Methodology, Override, Run, SchoolStatus

        register_card_section(10, statuses_section)
        register_school_columns(10, "identification-statuses", school_list.COLUMNS, school_list.status_cells)
        register_school_filter(10, "status", _("ШНОР/ШССУ"), school_list.FILTER_CHOICES, school_list.filter_by_status)
        # an import changing results an approved list was computed from asks for confirmation (schools/registries.py)
        from schools.registries import register_result_uses

        from .selectors import approved_lists_using

        register_result_uses(approved_lists_using)
        # municipal staff work with runs; everyone else reads the approved lists
        register_menu(30, _("Выявление"), "identification:run_list", is_municipal_staff)
        register_menu(30, _("Списки ШНОР/ШССУ"), "identification:official_list",
                      lambda user: not is_municipal_staff(user))
        register_demo(30, demo.seed)
        register_tasks(30, start_page.identification_tasks)
        auditlog.register(Methodology)
        auditlog.register(Run, include_fields=["state", "order_number", "order_date", "approved_by",
                                               "coverage_confirmed_pct"])
        auditlog.register(Override)
        auditlog.register(SchoolStatus)

        # who may open the pages that links to our objects lead to ({% link_to %}, core.registries.link_for)
        from core.registries import register_link_rule

        from . import access

        register_link_rule(SchoolStatus, access.can_open_why)
        register_link_rule(Run, access.can_view_run)

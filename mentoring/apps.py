from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = _("Методическое сопровождение")

    def ready(self):
        # imported here, not at the top: apps.py is read while the app registry fills, before models may be imported
        from auditlog.registry import auditlog

        from core.imports import register as register_import
        from core.registries import register_demo, register_link_rule, register_menu, register_tasks
        from schools.registries import register_card_section

        from . import access, demo, start_page
        from .card import mentoring_section
        from .imports import DiagnosticsImporter, EventParticipantsImporter, TeachingLoadImporter
        from .models import Community, Event, MentoringPair

        register_import(TeachingLoadImporter, allowed=access.can_import_files)
        register_import(DiagnosticsImporter, allowed=access.can_import_files)
        register_import(EventParticipantsImporter)  # targeted: the event's page starts it and checks the rights
        register_demo(60, demo.seed)
        register_menu(60, _("Методработа"), "mentoring:calendar", access.can_use_mentoring)
        register_card_section(40, mentoring_section)
        register_tasks(60, start_page.mentoring_tasks)
        from roadmaps.registries import register_activity_work

        from .selectors.activity_work import activity_work

        register_activity_work("mentoring_events", activity_work)
        auditlog.register(Event)
        auditlog.register(MentoringPair)

        # who may open the pages that links to our objects lead to ({% link_to %}, core.registries.link_for)
        register_link_rule(Event, access.can_view_event)
        register_link_rule(MentoringPair, access.can_view_pair)
        register_link_rule(Community, access.can_view_community)

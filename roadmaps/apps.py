from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapsConfig(AppConfig):
    name = "roadmaps"
    verbose_name = "Дорожные карты"

    def ready(self):
        from auditlog.registry import auditlog
        from celery.schedules import crontab

        from core.imports import register as register_import
        from core.registries import register_beat, register_demo, register_menu, register_tasks
        from schools.registries import register_card_section

        from . import demo, start_page
        from .card import roadmap_section
        from .imports import RoadmapImporter
        from .models import Activity, RiskProfile, Roadmap

        register_card_section(30, roadmap_section)
        register_import(RoadmapImporter)  # targeted: the roadmap's page starts it and checks the rights
        register_menu(50, _("Дорожные карты"), "roadmaps:overview")
        register_beat("roadmaps-daily-digest", "roadmaps.tasks.daily_digest", crontab(hour=7, minute=0))
        register_demo(50, demo.seed)
        register_tasks(50, start_page.roadmap_tasks)
        auditlog.register(Roadmap)
        auditlog.register(Activity)
        auditlog.register(RiskProfile)

        # who may open the pages that links to our objects lead to ({% link_to %}, core.registries.link_for)
        from django.urls import reverse

        from core.registries import register_link_rule

        from . import access

        register_link_rule(Roadmap, access.can_view)
        register_link_rule(RiskProfile, access.can_open_risk_profile)
        register_link_rule(Roadmap, access.can_open_programme_profile, name="risk_profile", url=lambda r: reverse(
            "roadmaps:risk_profile", args=[r.school_id, r.school_year.start_year]))

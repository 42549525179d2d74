from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapsConfig(AppConfig):
    name = "roadmaps"
    verbose_name = "Дорожные карты"

    def ready(self):
        from auditlog.registry import auditlog
        from celery.schedules import crontab

        from core.imports import register as register_import
        from core.registries import register_beat, register_card_section, register_demo, register_menu

        from . import demo
        from .card import roadmap_section
        from .imports import RoadmapImporter
        from .models import Activity, RiskProfile, Roadmap

        register_card_section(30, roadmap_section)
        register_import(RoadmapImporter)  # targeted: the roadmap's page starts it and checks the rights
        register_menu(50, _("Дорожные карты"), "roadmaps:overview")
        register_beat("roadmaps-daily-digest", "roadmaps.tasks.daily_digest", crontab(hour=7, minute=0))
        register_demo(50, demo.seed)
        auditlog.register(Roadmap)
        auditlog.register(Activity)
        auditlog.register(RiskProfile)

from django.apps import AppConfig


class RoadmapsConfig(AppConfig):
    name = "roadmaps"
    verbose_name = "Дорожные карты"

    def ready(self):
        from auditlog.registry import auditlog

        from schools.card_sections import register
        from schools.imports import register as register_import

        from .card import roadmap_section
        from .imports import RoadmapImporter
        from .models import Activity, RiskProfile, Roadmap

        register(30, roadmap_section)
        register_import(RoadmapImporter)
        auditlog.register(Roadmap)
        auditlog.register(Activity)
        auditlog.register(RiskProfile)

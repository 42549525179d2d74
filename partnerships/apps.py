from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = "Школы-лидеры и партнёрства"

    def ready(self):
        from auditlog.registry import auditlog

        from schools.card_sections import register

        from .card import partners_section
        from .models import Agreement, Designation

        register(20, partners_section)
        auditlog.register(Designation)
        auditlog.register(Agreement)

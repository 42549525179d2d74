from django.apps import AppConfig


class IdentificationConfig(AppConfig):
    name = "identification"
    verbose_name = "Выявление ШНОР и ШССУ"

    def ready(self):
        from auditlog.registry import auditlog

        from schools.card_sections import register

        from .card import statuses_section
        from .models import Methodology, Override, Run, SchoolStatus

        register(10, statuses_section)

        auditlog.register(Methodology)
        auditlog.register(Run, include_fields=["state", "order_number", "order_date", "approved_by"])
        auditlog.register(Override)
        auditlog.register(SchoolStatus)

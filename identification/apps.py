from django.apps import AppConfig


class IdentificationConfig(AppConfig):
    name = "identification"
    verbose_name = "Выявление ШНОР и ШССУ"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Methodology, Override, Run, SchoolStatus

        auditlog.register(Methodology)
        auditlog.register(Run, include_fields=["state", "order_number", "order_date", "approved_by"])
        auditlog.register(Override)
        auditlog.register(SchoolStatus)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = "Реестр школ"

    def ready(self):
        from core.imports import register as register_import
        from core.registries import register_demo, register_menu

        from . import access, audit
        from .demo.seed import run as seed_registry
        from .imports.kinds import SchoolsImporter, TeachersImporter, YearlyDataImporter
        from .imports.results import ExamProtocolImporter, ResultsImporter, VprIndividualImporter

        audit.register()
        for kind in (SchoolsImporter, YearlyDataImporter, TeachersImporter, ResultsImporter, VprIndividualImporter,
                     ExamProtocolImporter):
            register_import(kind, allowed=access.can_import_registry)
        register_menu(10, _("Школы"), "schools:school_list")
        register_menu(20, _("Муниципалитеты"), "schools:municipality_list", secondary=True)
        register_demo(10, seed_registry)

        # who may open the pages that links to our objects lead to ({% link_to %}, core.registries.link_for)
        from core.registries import register_link_rule

        from .models import School

        register_link_rule(School, access.can_view_school)

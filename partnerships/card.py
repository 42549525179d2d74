"""The partnerships section of the school card: the school's statuses and its partners."""

from django.template.loader import render_to_string

from . import access
from .models import Agreement


def partners_section(request, school) -> str | None:
    designations = list(access.visible_designations(request.user).filter(school=school).order_by("-start"))
    agreements = list(access.visible_agreements(request.user).filter(
        supported_school=school).exclude(state=Agreement.State.DRAFT).order_by("-start"))
    if not designations and not agreements:
        return None
    return render_to_string("partnerships/_card.html", {"designations": designations, "agreements": agreements},
                            request=request)

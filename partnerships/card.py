"""The partnerships section of the school card: the school's statuses and its partners."""

from django.template.loader import render_to_string

from . import selectors


def partners_section(request, school) -> str | None:
    designations, agreements = selectors.school_partners(request.user, school)
    if not designations and not agreements:
        return None
    return render_to_string("partnerships/_card.html", {"designations": designations, "agreements": agreements},
                            request=request)

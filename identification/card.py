"""The identification section of the school card: current and past statuses with links to "why"."""

from django.template.loader import render_to_string

from . import selectors


def statuses_section(request, school) -> str:
    statuses = selectors.school_statuses(school)
    return render_to_string("identification/_card_statuses.html", {"statuses": statuses, "school": school},
                            request=request)

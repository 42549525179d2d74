"""The identification section of the school card: current and past statuses with links to "why"."""

from django.template.loader import render_to_string

from . import access, selectors


def statuses_section(request, school) -> str:
    statuses = selectors.school_statuses(school)
    # results beside similar schools, from the latest approved list, for those who may read its evidence
    similar_row = selectors.latest_similar_row(school)
    if similar_row is not None and not access.can_view_evidence(request.user, similar_row.run, school):
        similar_row = None
    return render_to_string("identification/_card_statuses.html", {
        "statuses": statuses, "school": school, "similar_row": similar_row,
        "similar": selectors.similar_comparisons(similar_row) if similar_row else []}, request=request)

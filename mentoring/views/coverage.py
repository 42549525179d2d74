"""The coverage table of the supported schools' teachers by the methodical work, and its export."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts import access as scoping
from core.exports import xlsx_response
from core.formats import school_year_name
from schools.models import Municipality

from .. import access, selectors
from .common import tabs, to_int

COVERAGE_PAGE = 200  # a municipality's schools on one page; a region's in pages (the export has them all)


def _coverage(request):
    """The filters from the query string and the table's rows (403 without the right to read coverage)."""
    scoping.require(access.can_view_coverage(request.user))
    year = to_int(request.GET.get("year"), selectors.current_start_year())
    args = {"start_year": year, "municipality_id": to_int(request.GET.get("municipality")),
            "only_supported": request.GET.get("all") != "1"}
    return args, selectors.coverage(request.user, **args)


@login_required
@require_safe
def coverage(request):
    user = request.user
    args, rows = _coverage(request)
    totals = {key: sum(r.figures[key] for r in rows) for key, _label in selectors.COVERAGE_COLUMNS}
    current = selectors.current_start_year()
    page = Paginator(rows, COVERAGE_PAGE).get_page(request.GET.get("page"))  # totals and gaps: of every school
    return render(request, "mentoring/coverage.html", {
        "rows": page.object_list, "page_obj": page, "schools": len(rows),
        "columns": selectors.COVERAGE_COLUMNS, "totals": totals, "year": args["start_year"],
        "year_name": school_year_name(args["start_year"]), "years": [current - 1, current],
        "municipalities": Municipality.objects.filter(pk__in=access.coverage_schools(user).values("municipality_id")),
        "municipality": args["municipality_id"], "all": not args["only_supported"],
        "gaps": sum(1 for r in rows if r.gaps), **tabs(user)})


@login_required
@require_safe
def coverage_export(request):
    args, rows = _coverage(request)
    header, rows = selectors.coverage_export(rows)
    return xlsx_response(f"coverage-{args['start_year']}.xlsx", header, rows, title=_("Охват"))

"""The official list of ШНОР/ШССУ per school year, its XLSX and PDF exports."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scoping
from core.exports import xlsx_response
from core.pdf import pdf_response, render_pdf
from schools.models import Municipality

from .. import access, selectors
from ..models import Status


def _year_and_rows(request, year):
    statuses = access.visible_statuses(request.user)
    municipality_id = request.GET.get("municipality", "")
    if municipality_id.isdigit():
        statuses = statuses.filter(school__municipality_id=int(municipality_id))
    status = request.GET.get("status", "")
    status = status if status in Status.values else ""
    return selectors.official_list(start_year=year, statuses=statuses, status=status), status


def _years(request):
    return selectors.official_years(access.visible_statuses(request.user))


@login_required
def official_list(request, year=None):
    years = _years(request)
    if year is None:
        if years:
            return redirect("identification:official_list_year", year=years[0])
        return render(request, "identification/official_list.html", {"years": [], "rows": []})
    rows, status = _year_and_rows(request, year)
    orders, data_years = selectors.official_orders(rows), selectors.official_data_years(rows)
    return render(request, "identification/official_list.html", {
        "year": year, "year_name": f"{year}/{year + 1}", "years": years, "rows": rows, "status": status,
        "statuses": Status.choices, "orders": orders, "data_years": data_years,
        "municipalities": scoping.visible_municipalities(request.user),
        "municipality": request.GET.get("municipality", ""),
        "lrs_count": sum(1 for r in rows if r.status.status == Status.LRS),
        "dsc_count": sum(1 for r in rows if r.status.status == Status.DSC),
    })


@login_required
def official_list_xlsx(request, year):
    rows, _status = _year_and_rows(request, year)
    headers = [_("№"), _("Статус"), _("Код ОО"), _("Школа"), _("Муниципалитет"), _("Лет в статусе подряд"),
               _("Основания"), _("Приказ")]
    data = ((i, r.status.get_status_display(), r.status.school.code, r.status.school.short_name,
             r.status.school.municipality.name, r.years_in_status, "; ".join(r.reasons),
             f"№ {r.status.order_number} от {r.status.order_date:%d.%m.%Y}") for i, r in enumerate(rows, 1))
    return xlsx_response(f"shnor-sssu-{year}-{year + 1}.xlsx", headers, data, title=f"{year}-{year + 1}")


@login_required
def official_list_pdf(request, year):
    rows, status = _year_and_rows(request, year)
    municipality = None
    municipality_id = request.GET.get("municipality", "")
    if municipality_id.isdigit():
        municipality = scoping.visible_municipalities(request.user).filter(pk=int(municipality_id)).first()
    if municipality is None:
        munis = {r.status.school.municipality_id for r in rows}
        if len(munis) == 1:
            municipality = Municipality.objects.get(pk=munis.pop())
    orders, data_years = selectors.official_orders(rows), selectors.official_data_years(rows)
    pdf = render_pdf("identification/official_list_pdf.html", {
        "year_name": f"{year}/{year + 1}", "rows": rows, "municipality": municipality, "orders": orders,
        "data_years": data_years,
        "groups": [(label, [r for r in rows if r.status.status == value]) for value, label in Status.choices
                   if not status or status == value],
        "generated": timezone.localtime(),
    })
    return pdf_response(pdf, f"shnor-sssu-{year}-{year + 1}.pdf")

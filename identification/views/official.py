"""The official list of ШНОР/ШССУ per school year, its XLSX and PDF exports. The page and the spreadsheet count a
school once, with all its statuses; the order's annex lists each status's schools in its own section and says how
many schools there are in all."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts import access as scoping
from core.exports import xlsx_response
from core.natural import natural_key
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


@dataclass
class SchoolRow:
    """One school of the list, counted once whatever its statuses: its rows (one per status) in status order."""

    rows: list

    @property
    def school(self):
        return self.rows[0].status.school

    @property
    def first(self):
        """The first status (its why page explains them all: one run, one school)."""
        return self.rows[0].status

    @property
    def both(self) -> bool:
        return len(self.rows) > 1

    @property
    def long_standing(self) -> bool:
        return any(r.long_standing for r in self.rows)


def by_school(rows) -> list[SchoolRow]:
    """The official rows (one per status) as one row per school, by municipality and name in natural order."""
    schools: dict[int, SchoolRow] = {}
    for r in sorted(rows, key=lambda r: r.status.status != Status.LRS):
        schools.setdefault(r.status.school_id, SchoolRow([])).rows.append(r)
    return sorted(schools.values(), key=lambda s: (s.school.municipality.name, natural_key(s.school.short_name)))


def _counts(rows, schools) -> dict:
    return {"lrs_count": sum(1 for r in rows if r.status.status == Status.LRS),
            "dsc_count": sum(1 for r in rows if r.status.status == Status.DSC),
            "school_count": len(schools), "both_count": sum(1 for s in schools if s.both)}


def _years(request):
    return selectors.official_years(access.visible_statuses(request.user))


@login_required
@require_safe
def official_list(request, year=None):
    years = _years(request)
    if year is None:
        if years:
            return redirect("identification:official_list_year", year=years[0])
        return render(request, "identification/official_list.html", {"years": [], "rows": []})
    rows, status = _year_and_rows(request, year)
    orders, data_years = selectors.official_orders(rows), selectors.official_data_years(rows)
    schools = by_school(rows)
    return render(request, "identification/official_list.html", {
        "year": year, "year_name": f"{year}/{year + 1}", "years": years, "rows": rows, "schools": schools,
        "status": status, "statuses": Status.choices, "orders": orders, "data_years": data_years,
        "municipalities": scoping.visible_municipalities(request.user),
        "municipality": request.GET.get("municipality", ""), **_counts(rows, schools),
    })


@login_required
@require_safe
def official_list_xlsx(request, year):
    rows, _status = _year_and_rows(request, year)

    def per_status(school, text):
        if not school.both:
            return text(school.rows[0])
        return "; ".join(f"{r.status.get_status_display()}: {text(r)}" for r in school.rows)

    headers = [_("№"), _("Статус"), _("Код ОО"), _("Школа"), _("Муниципалитет"), _("Лет в статусе подряд"),
               _("Основания"), _("Номер приказа"), _("Дата приказа")]
    data = ((i, ", ".join(r.status.get_status_display() for r in s.rows), s.school.code, s.school.short_name,
             s.school.municipality.name, per_status(s, lambda r: str(r.years_in_status)),
             per_status(s, lambda r: "; ".join(r.reasons)),
             s.first.order_number, s.first.order_date) for i, s in enumerate(by_school(rows), 1))
    return xlsx_response(f"shnor-sssu-{year}-{year + 1}.xlsx", headers, data, title=f"{year}-{year + 1}")


@login_required
@require_safe
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
    schools = by_school(rows)  # each section in the page's order (municipality, then names in natural order)
    pdf = render_pdf("identification/official_list_pdf.html", {
        "year_name": f"{year}/{year + 1}", "rows": rows, "municipality": municipality, "orders": orders,
        "data_years": data_years,
        "groups": [(label, [r for s in schools for r in s.rows if r.status.status == value])
                   for value, label in Status.choices if not status or status == value],
        **_counts(rows, schools),
        "generated": timezone.localtime(),
    })
    return pdf_response(pdf, f"shnor-sssu-{year}-{year + 1}.pdf")

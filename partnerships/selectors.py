"""Reads of partnerships: the lists and their exports, a designation's agreements, the network, the coverage table
and a school's partners. Each read runs a fixed number of queries, whatever the number of rows."""

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formats import ru_date
from identification.models import SchoolStatus

from . import access
from .models import Agreement, Designation


def designation_list(user, *, kind: str = "", state: str = "") -> QuerySet[Designation]:
    """Visible designations with the number of their active agreements, filtered by kind code and state."""
    qs = access.visible_designations(user).annotate(
        active_agreements=Count("agreements", filter=Q(agreements__state=Agreement.State.ACTIVE)))
    if kind:
        qs = qs.filter(kind__code=kind)
    if state in Designation.State.values:
        qs = qs.filter(state=state)
    return qs.order_by("kind__ordering", "school__short_name")


def designation_export(user, *, kind: str = "", state: str = "") -> tuple[list[str], object]:
    """Header and rows of the designations' spreadsheet (the rows are read lazily, in one query)."""
    header = [_("Статус"), _("Код ОО"), _("Школа"), _("Муниципалитет"), _("Тема"), _("Начало"), _("Окончание"),
              _("Номер приказа"), _("Дата приказа"), _("Состояние"), _("Действующих соглашений")]
    rows = ((d.kind.name, d.school.code, d.school.short_name, d.school.municipality.name, d.topic,
             d.start, d.end, d.order_number, d.order_date, d.get_state_display(), d.active_agreements)
            for d in designation_list(user, kind=kind, state=state))
    return header, rows


def agreement_list(user, *, state: str = "") -> QuerySet[Agreement]:
    qs = access.visible_agreements(user)
    if state in Agreement.State.values:
        qs = qs.filter(state=state)
    return qs.order_by("designation__school__short_name", "supported_school__short_name")


def agreement_export(user, *, state: str = "") -> tuple[list[str], object]:
    header = [_("Номер"), _("Подписано"), _("Статус лидера"), _("Школа-лидер"), _("Код ОО"),
              _("Сопровождаемая школа"), _("Начало"), _("Окончание"), _("Направления"), _("Состояние")]
    rows = ((a.number, a.signed_on, a.designation.kind.short_name, a.designation.school.short_name,
             a.supported_school.code, a.supported_school.short_name, a.start, a.end,
             ", ".join(a.direction_labels), a.get_state_display())
            for a in agreement_list(user, state=state))
    return header, rows


def designation_agreements(user, designation: Designation) -> QuerySet[Agreement]:
    """The agreements of one designation that the user sees."""
    return access.visible_agreements(user).filter(designation=designation).order_by("supported_school__short_name")


def network_agreements(user) -> list[Agreement]:
    """The lines of the network graph: active agreements the user sees (one query)."""
    return list(access.visible_agreements(user).filter(state=Agreement.State.ACTIVE))


def current_support(school_ids) -> dict[int, list[Agreement]]:
    """Active agreements of the given supported schools, grouped by school (one query)."""
    out: dict[int, list] = {}
    for a in Agreement.objects.filter(supported_school_id__in=school_ids, state=Agreement.State.ACTIVE).select_related(
            "designation__school", "designation__kind"):
        out.setdefault(a.supported_school_id, []).append(a)
    return out


def coverage(user) -> dict:
    """Every ШНОР/ШССУ of the latest official list in the user's municipalities with its partners; schools with
    none first. Three queries: the latest year, the statuses, the agreements."""
    schools = access.coverage_schools(user)
    latest = SchoolStatus.objects.filter(school__in=schools).order_by("-school_year__start_year").values_list(
        "school_year__start_year", flat=True).first()
    statuses = list(SchoolStatus.objects.filter(school__in=schools, school_year__start_year=latest).select_related(
        "school__municipality", "school_year").order_by("school__short_name", "-status")) if latest else []
    support = current_support({s.school_id for s in statuses})
    rows: dict[int, dict] = {}
    for st in statuses:
        row = rows.setdefault(st.school_id, {"school": st.school, "statuses": [],
                                             "agreements": support.get(st.school_id, [])})
        row["statuses"].append(st.get_status_display())
    ordered = sorted(rows.values(), key=lambda r: (bool(r["agreements"]), r["school"].short_name))
    return {"rows": ordered, "year": latest, "uncovered": sum(1 for r in ordered if not r["agreements"])}


def school_partners(user, school) -> tuple[list[Designation], list[Agreement]]:
    """For the school card: the school's designations and its partners (agreements beyond the draft) that the
    user sees."""
    designations = list(access.visible_designations(user).filter(school=school).order_by("-start"))
    agreements = list(access.visible_agreements(user).filter(supported_school=school).exclude(
        state=Agreement.State.DRAFT).order_by("-start"))
    return designations, agreements


def designation_flags(school_ids) -> dict[int, list[str]]:
    """Schools holding a designation in force (active and not yet ended), for `core.registries.school_flags`:
    {school id: ["школа-лидер до 31.08.2027", …]} in one query. Identification flags such a school when the
    methodology proposes it: a leader school or site that itself has low results needs a person's look."""
    today = timezone.localdate()
    out: dict[int, list[str]] = {}
    for school_id, short_name, end in (Designation.objects.filter(
            school_id__in=school_ids, state=Designation.State.ACTIVE, end__gte=today)
            .order_by("school_id", "kind__ordering", "end").values_list("school_id", "kind__short_name", "end")):
        out.setdefault(school_id, []).append(_("%(kind)s до %(end)s") % {"kind": short_name, "end": ru_date(end)})
    return out


# ---- a school year's support infrastructure (monitoring's annual report) -------------------------------------------


def designations_in_period(*, school_ids, start, end) -> list[Designation]:
    """Designations of the given schools in force at some time between `start` and `end`, by kind and school (one
    query)."""
    return list(Designation.objects.filter(school_id__in=school_ids, start__lte=end, end__gte=start)
                .select_related("school__municipality", "kind").order_by("kind__ordering", "school__short_name"))


def _signed_in_period(start, end) -> QuerySet[Agreement]:
    """Agreements beyond the draft in force at some time between `start` and `end`."""
    return Agreement.objects.filter(start__lte=end, end__gte=start).exclude(state=Agreement.State.DRAFT)


def agreements_in_period(*, school_ids, start, end) -> list[Agreement]:
    """Agreements (beyond the draft) in force at some time between `start` and `end` in which one of the given schools
    leads or is supported, by leader and supported school (one query)."""
    return list(_signed_in_period(start, end)
                .filter(Q(supported_school_id__in=school_ids) | Q(designation__school_id__in=school_ids))
                .select_related("designation__school__municipality", "designation__kind",
                                "supported_school__municipality")
                .order_by("designation__school__short_name", "supported_school__short_name"))


def supported_in_period(*, school_ids, start, end) -> set[int]:
    """Those of the given schools supported by an agreement (beyond the draft) at some time between `start` and `end`
    (one query)."""
    return set(_signed_in_period(start, end).filter(supported_school_id__in=school_ids)
               .values_list("supported_school_id", flat=True))

"""Reads of monitoring, as plain data for the pages, the API and the annual report: the indicator table
of a territory (municipality, region or school) and year, the dashboards, the programme's effect, recommendations.
Each reads in a fixed number of queries whatever the number of schools (the dashboards read the stored aggregates)."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from identification.models import SchoolStatus
from identification.selectors import long_standing_schools
from schools.models import Municipality, Region, School, SchoolYear, SchoolYearData

from .effect import Effect, did
from .models import Aggregate, Direction, Group, Indicator, Progress, Recommendation, Target, TargetKind, Unit, Value

GROUPS = (Group.LRS, Group.DSC, Group.OTHER)
YEARS_SHOWN = 3


def tone(value, target, direction: str) -> str:
    """«ok» the target is met, «warn» within a tenth of it, «bad» further; "" without a target or a value."""
    if value is None or target is None or direction == Direction.NONE:
        return ""
    value, target = Decimal(value), Decimal(target)
    if direction == Direction.UP:
        return "ok" if value >= target else ("warn" if value >= target * Decimal("0.9") else "bad")
    return "ok" if value <= target else ("warn" if value <= target * Decimal("1.1") else "bad")


def latest_result_year(municipality: Municipality) -> SchoolYear:
    """The latest school year with results in the municipality's stored figures, else the latest year there is."""
    found = Aggregate.objects.filter(municipality=municipality, indicator__is_result=True).order_by(
        "-school_year__start_year").values_list("school_year", flat=True).first()
    return SchoolYear.objects.get(pk=found) if found else SchoolYear.objects.order_by("-start_year").first()


def years_up_to(school_year: SchoolYear, count: int = YEARS_SHOWN) -> list[SchoolYear]:
    return list(SchoolYear.objects.filter(start_year__lte=school_year.start_year,
                                          start_year__gt=school_year.start_year - count).order_by("start_year"))


def active_indicators(municipality_id: int | None = None):
    """The active indicators of a territory: the region's, and the local ones of `municipality_id` when given (a
    region's table has no local indicators: they mean nothing beyond their municipality)."""
    local = Q(municipality_id=municipality_id) if municipality_id is not None else Q(pk__in=[])
    return list(Indicator.objects.filter(Q(municipality__isnull=True) | local, retired_at__isnull=True)
                .order_by("number", "name"))


@dataclass
class Cell:
    value: Decimal | None = None
    median: Decimal | None = None
    schools: int = 0
    n: int = 0
    unreliable: int = 0
    tone: str = ""

    def as_dict(self) -> dict:
        return {"value": _f(self.value), "median": _f(self.median), "schools": self.schools, "n": self.n,
                "unreliable": self.unreliable, "tone": self.tone}


def _f(value) -> float | None:
    return float(value) if value is not None else None


def _combine(rows: list[Aggregate], unit: str) -> Cell:
    """Several municipalities' aggregates of one group (a region): pooled by n for shares, by schools otherwise."""
    if len(rows) == 1:
        r = rows[0]
        return Cell(r.value, r.median, r.schools, r.n, r.unreliable)
    schools = sum(r.schools for r in rows)
    n = sum(r.n for r in rows)
    weight = (lambda r: r.n) if unit == Unit.PERCENT and n else (lambda r: r.schools)
    total = sum(weight(r) for r in rows if r.value is not None)
    value = (sum(r.value * weight(r) for r in rows if r.value is not None) / total).quantize(Decimal("0.01")) \
        if total else None
    return Cell(value, None, schools, n, sum(r.unreliable for r in rows))


def aggregate_table(*, municipality_ids, years: list[SchoolYear], indicators) -> dict:
    """{(indicator id, year id, group): Cell} from the stored aggregates (one query)."""
    units = {i.pk: i.unit for i in indicators}
    found = defaultdict(list)
    for row in Aggregate.objects.filter(municipality_id__in=list(municipality_ids), school_year__in=years):
        found[(row.indicator_id, row.school_year_id, row.group)].append(row)
    return {key: _combine(rows, units.get(key[0], Unit.PERCENT)) for key, rows in found.items()}


TARGET_LABELS = {TargetKind.MUNICIPALITY: str(TargetKind.MUNICIPALITY.label),
                 TargetKind.REGION: str(TargetKind.REGION.label), "municipalities": "средняя цель муниципалитетов"}


def targets_of(*, municipality_ids, years) -> dict[tuple[int, int], tuple[Decimal, str]]:
    """{(indicator id, year id): (target, kind)}. One municipality: its own target wins over the region's; several
    (a region): the region's target, else the mean of the municipalities' own («municipalities»)."""
    municipality_ids = list(municipality_ids)
    region, own = {}, defaultdict(list)
    for t in Target.objects.filter(Q(municipality__isnull=True) | Q(municipality_id__in=municipality_ids),
                                   school_year__in=years):
        key = (t.indicator_id, t.school_year_id)
        if t.municipality_id is None:
            region[key] = (t.value, TargetKind.REGION)
        else:
            own[key].append(t.value)
    several = len(municipality_ids) > 1
    mine = {k: ((sum(v) / len(v)).quantize(Decimal("0.01")),
                "municipalities" if several else TargetKind.MUNICIPALITY) for k, v in own.items()}
    return {**region, **mine} if not several else {**mine, **region}


def _target_fields(targets: dict, ind, school_year, years) -> dict:
    value, kind = targets.get((ind.pk, school_year.pk), (None, ""))
    return {"target": _f(value), "target_kind": kind, "target_label": TARGET_LABELS.get(kind, "цель"),
            "targets": [_f(targets.get((ind.pk, y.pk), (None, ""))[0]) for y in years]}


def municipality_ids_of(territory) -> list[int]:
    if isinstance(territory, Municipality):
        return [territory.pk]
    if isinstance(territory, Region):
        return list(territory.municipalities.values_list("pk", flat=True))
    raise TypeError(territory)


def indicator_table(territory, school_year: SchoolYear) -> list[dict]:
    """The table of the territory's indicators for the year, as plain data (pages, API, annual report): per
    indicator its target, each group's value with n, schools, median and tone, and the values of the years
    before (trend). A school: its own values against the municipal median of all schools."""
    years = years_up_to(school_year)
    if isinstance(territory, School):
        return school_table(territory, school_year, years=years)
    indicators = active_indicators(territory.pk if isinstance(territory, Municipality) else None)
    munis = municipality_ids_of(territory)
    cells = aggregate_table(municipality_ids=munis, years=years, indicators=indicators)
    targets = targets_of(municipality_ids=munis, years=years)
    out = []
    for ind in indicators:
        fields = _target_fields(targets, ind, school_year, years)
        target = targets.get((ind.pk, school_year.pk), (None, ""))[0]
        groups = {}
        for group in (*GROUPS, Group.ALL):
            cell = cells.get((ind.pk, school_year.pk, group), Cell())
            cell.tone = tone(cell.value, target, ind.direction)
            groups[group] = cell
        trend = {group: [(y.name, _f(cells.get((ind.pk, y.pk, group), Cell()).value),
                          cells.get((ind.pk, y.pk, group), Cell()).n) for y in years] for group in GROUPS}
        out.append({"indicator": ind, "code": ind.code, "name": ind.name, "unit": ind.unit, **fields,
                    "groups": groups, "trend": trend, "years": [y.name for y in years]})
    return out


def school_table(school: School, school_year: SchoolYear, *, years=None, indicators=None) -> list[dict]:
    years = years or years_up_to(school_year)
    indicators = indicators or active_indicators(school.municipality_id)
    values = {(v.indicator_id, v.school_year_id): v for v in Value.objects.filter(school=school, school_year__in=years)}
    medians = {(a.indicator_id, a.school_year_id): a for a in Aggregate.objects.filter(
        municipality_id=school.municipality_id, school_year__in=years, group=Group.ALL)}
    targets = targets_of(municipality_ids=[school.municipality_id], years=years)
    out = []
    for ind in indicators:
        current = values.get((ind.pk, school_year.pk))
        fields = _target_fields(targets, ind, school_year, years)
        target = targets.get((ind.pk, school_year.pk), (None, ""))[0]
        series = [(y.name, _f(getattr(values.get((ind.pk, y.pk)), "value", None)),
                   getattr(values.get((ind.pk, y.pk)), "n", None)) for y in years]
        median = [(y.name, _f(getattr(medians.get((ind.pk, y.pk)), "median", None)),
                   getattr(medians.get((ind.pk, y.pk)), "schools", None)) for y in years]
        out.append({"indicator": ind, "code": ind.code, "name": ind.name, "unit": ind.unit, **fields,
                    "value": current, "tone": tone(getattr(current, "value", None), target, ind.direction),
                    "series": series, "median": median, "years": [y.name for y in years]})
    return out


def ranking(municipality: Municipality, school_year: SchoolYear, *, limit: int = 10) -> dict:
    """The schools of the municipality ranked by progress (mean change of the result indicators): the best and the
    last `limit` (two queries), with each school's status of the year."""
    qs = Progress.objects.filter(school__municipality=municipality, school_year=school_year).select_related("school")
    best = list(qs.order_by("-score", "school__short_name")[:limit])
    worst = list(qs.order_by("score", "school__short_name")[:limit])
    ids = {p.school_id for p in best + worst}
    statuses = defaultdict(list)
    for school_id, status in SchoolStatus.objects.filter(school_id__in=ids, school_year=school_year) \
            .values_list("school_id", "status"):
        statuses[school_id].append(Group(status).label)
    return {"best": best, "worst": [p for p in worst if p not in best], "statuses": statuses, "total": qs.count()}


# ---- the programme's effect ---------------------------------------------------------------------------------


def _social_index(rows) -> dict[int, float]:
    """The mean share of students in difficult conditions (low income, single parent, parents without higher
    education, non-native speakers, disabilities, preventive register) — the matching's social index. Unknown counts
    (NULL, «нет данных») are left out of the mean; a school with none known has no index (docs/indicators.md)."""
    out = {}
    for r in rows:
        if r.students:
            parts = [p for p in (r.students_low_income, r.students_single_parent, r.students_parents_no_higher_ed,
                                 r.students_non_native, r.students_disabled, r.students_preventive_register)
                     if p is not None]
            if parts:
                out[r.school_id] = 100 * sum(parts) / (len(parts) * r.students)
    return out


def effectiveness(territory, school_year: SchoolYear) -> dict:
    """For the territory's supported schools (status in the year) and each result indicator: improved, the effect
    with its 95 % interval and n against matched non-supported schools of the region; schools that left the list;
    schools in status three years or more. Plain data."""
    munis = municipality_ids_of(territory)
    region_id = (territory.pk if isinstance(territory, Region)
                 else Municipality.objects.values_list("region_id", flat=True).get(pk=territory.pk))
    prev = SchoolYear.objects.filter(start_year=school_year.start_year - 1).first()
    prev2 = SchoolYear.objects.filter(start_year=school_year.start_year - 2).first()
    supported = set(SchoolStatus.objects.filter(school_year=school_year, school__municipality_id__in=munis)
                    .values_list("school_id", flat=True))
    any_status = set(SchoolStatus.objects.filter(school_year=school_year, school__municipality__region_id=region_id)
                     .values_list("school_id", flat=True))
    left = list(School.objects.filter(statuses__school_year=prev, municipality_id__in=munis).exclude(
        pk__in=supported).distinct().order_by("short_name")) if prev else []
    had_list = prev is not None and SchoolStatus.objects.filter(school_year=prev,
                                                                school__municipality_id__in=munis).exists()
    long_years = long_standing_schools(supported, school_year.start_year)
    long_status = [(s, long_years[s.pk]) for s in School.objects.filter(pk__in=long_years).order_by("short_name")]
    region_schools = Q(school__municipality__region_id=region_id)
    social = _social_index(SchoolYearData.objects.filter(region_schools, school_year=prev)) if prev else {}
    # a school whose social index is unknown is matched as an average one, not as one with no hardship (0)
    neutral = sum(social.values()) / len(social) if social else 0.0
    indicators = list(Indicator.objects.filter(is_result=True, retired_at__isnull=True).order_by("number"))
    values = defaultdict(dict)
    years = [y for y in (school_year, prev, prev2) if y]
    for indicator_id, year_id, school_id, value in Value.objects.filter(
            region_schools, indicator__in=indicators, school_year__in=years, reliable=True, value__isnull=False) \
            .values_list("indicator_id", "school_year_id", "school_id", "value"):
        if school_id in supported or school_id not in any_status:
            values[(indicator_id, year_id)][school_id] = float(value)
    rows = []
    for ind in indicators:
        after = values.get((ind.pk, school_year.pk), {})
        before = values.get((ind.pk, prev.pk), {}) if prev else {}
        earlier = values.get((ind.pk, prev2.pk), {}) if prev2 else {}
        features = {s: (before[s], earlier.get(s, before[s]), social.get(s, neutral)) for s in before}
        effect = did(before, after, supported, features, good_up=ind.direction != Direction.DOWN) if prev \
            else Effect(note="недостаточно школ для оценки")
        rows.append({"indicator": ind, "code": ind.code, "name": ind.name, "effect": effect})
    return {"school_year": school_year, "supported": len(supported), "rows": rows, "left": left,
            "long_status": long_status, "previous": prev, "had_list": had_list}


# ---- recommendations ------------------------------------------------------------------------------------------


def recommendations_for(territory, school_year: SchoolYear, *, qs=None) -> list[Recommendation]:
    qs = qs if qs is not None else Recommendation.objects.select_related("school", "rule", "decided_by", "municipality")
    if isinstance(territory, School):
        qs = qs.filter(school=territory)
    else:
        qs = qs.filter(municipality_id__in=municipality_ids_of(territory))
    return list(qs.filter(school_year=school_year).order_by("audience", "state", "school__short_name", "pk"))

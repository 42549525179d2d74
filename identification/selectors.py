"""Reads for identification pages and exports, each in a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext

from schools.models import AssessmentResult

from .models import Methodology, Override, Run, RunSchool, SchoolStatus, Status

STATUS_LABELS = dict(Status.choices)


def rules_of(rules: dict) -> list[tuple[str, dict]]:
    """A methodology's decision rules with the status's label: [("ШНОР", {"criteria": […], "min_met": 2}), …]."""
    return [(STATUS_LABELS.get(status, status), rule) for status, rule in rules.items()]


def methodology_rules(methodology: Methodology) -> list[tuple[str, dict, list[str]]]:
    """Rules of a methodology with the names of their criteria ("C1: title")."""
    titles = {c["code"]: c["title"] for c in methodology.criteria}
    return [(label, rule, [f"{code}: {titles.get(code, code)}" for code in rule["criteria"]])
            for label, rule in rules_of(methodology.rules)]


def run_totals(run: Run) -> dict:
    """The run page's figures in one query: schools, included per status, flagged for review, changed by decision."""
    counted = run.schools.aggregate(
        lrs=Count("pk", filter=Q(lrs_included=True), distinct=True),
        dsc=Count("pk", filter=Q(dsc_included=True), distinct=True),
        review=Count("pk", filter=Q(needs_review=True), distinct=True),
        changed=Count("pk", filter=Q(overrides__isnull=False), distinct=True),
    )
    return {"schools": run.school_count, **counted}


def comparable_runs(user, run: Run, limit: int = 20) -> QuerySet[Run]:
    """Other computed runs of the same territory the user sees (to compare with, e.g. a what-if run)."""
    from .access import visible_runs

    return visible_runs(user).filter(municipality=run.municipality, region=run.region,
                                     state__in=Run.RESULT_STATES).exclude(pk=run.pk).order_by("-created_at")[:limit]


def criteria_of(run: Run) -> list[dict]:
    """The run's criteria; `signal` marks those that only ask for review (never label a school)."""
    from .criteria import KINDS

    return [{**c, "signal": not KINDS[c["kind"]].labels_schools,
             "threshold": str(KINDS[c["kind"]].describe(c["params"]))} for c in run.snapshot.get("criteria", [])]


def run_rows(run: Run, *, show: str = "", q: str = "") -> QuerySet[RunSchool]:
    qs = run.schools.select_related("school").prefetch_related(
        Prefetch("overrides", queryset=Override.objects.select_related("author"))).order_by("school__short_name")
    if show == "proposed":
        qs = qs.exclude(proposed=[])
    elif show == "included":
        qs = qs.filter(Q(lrs_included=True) | Q(dsc_included=True))
    elif show == "changed":
        qs = qs.filter(overrides__isnull=False).distinct()
    elif show == "review":
        qs = qs.filter(needs_review=True)
    if q:
        qs = qs.filter(Q(school__short_name__icontains=q) | Q(school__code=q))
    return qs


def previous_approved(run: Run) -> Run | None:
    return (Run.objects.filter(state=Run.State.APPROVED, municipality=run.municipality, region=run.region,
                               school_year__start_year__lt=run.school_year.start_year)
            .exclude(pk=run.pk).select_related("school_year").order_by("-school_year__start_year").first())


def included_pairs(run: Run) -> set[tuple[int, str]]:
    pairs = set()
    for school_id, lrs, dsc in run.schools.filter(Q(lrs_included=True) | Q(dsc_included=True)).values_list(
            "school_id", "lrs_included", "dsc_included"):
        if lrs:
            pairs.add((school_id, Status.LRS))
        if dsc:
            pairs.add((school_id, Status.DSC))
    return pairs


@dataclass
class Comparison:
    other: Run
    entered: list = field(default_factory=list)  # (school, status) in this run only
    left: list = field(default_factory=list)  # in the other run only
    stayed: list = field(default_factory=list)


def compare(run: Run, other: Run) -> Comparison:
    from schools.models import School

    mine, theirs = included_pairs(run), included_pairs(other)
    ids = {s for s, _ in mine | theirs}
    schools = School.objects.in_bulk(ids)

    def named(pairs):
        return sorted(((schools[s], STATUS_LABELS[st]) for s, st in pairs), key=lambda t: (t[1], t[0].short_name))

    return Comparison(other=other, entered=named(mine - theirs), left=named(theirs - mine),
                      stayed=named(mine & theirs))


@dataclass
class OfficialRow:
    status: SchoolStatus
    years_in_status: int
    reasons: list[str]

    @property
    def long_standing(self) -> bool:
        return self.years_in_status > 3


def years_in_status(statuses: list[tuple[int, str, int]], up_to: int) -> dict[tuple[int, str], int]:
    """Consecutive school years, ending with `up_to`, in which a school held a status."""
    held: dict[tuple[int, str], set[int]] = {}
    for school_id, status, start_year in statuses:
        held.setdefault((school_id, status), set()).add(start_year)
    out = {}
    for key, years in held.items():
        n, y = 0, up_to
        while y in years:
            n += 1
            y -= 1
        out[key] = n
    return out


def official_list(*, start_year: int, statuses: QuerySet[SchoolStatus], status: str = "") -> list[OfficialRow]:
    """The list of a school year among the given statuses (`access.visible_statuses`, perhaps narrowed)."""
    rows = list(statuses.filter(school_year__start_year=start_year)
                .select_related("school__municipality", "run__school_year", "school_year")
                .order_by("status", "school__municipality__name", "school__short_name"))
    if status:
        rows = [r for r in rows if r.status == status]
    school_ids = {r.school_id for r in rows}
    history = SchoolStatus.objects.filter(school_id__in=school_ids, school_year__start_year__lte=start_year
                                          ).values_list("school_id", "status", "school_year__start_year")
    spans = years_in_status(list(history), start_year)
    run_ids = {r.run_id for r in rows}
    met = {(rs.run_id, rs.school_id): rs for rs in RunSchool.objects.filter(
        run_id__in=run_ids, school_id__in=school_ids).prefetch_related("overrides")}
    runs = {r.run_id: r.run for r in rows}
    result = []
    for r in rows:
        rs = met.get((r.run_id, r.school_id))
        result.append(OfficialRow(status=r, years_in_status=spans.get((r.school_id, r.status), 1),
                                  reasons=reasons_for(runs[r.run_id], rs, r.status)))
    return result


def reasons_for(run: Run, run_school: RunSchool | None, status: str) -> list[str]:
    """Titles of the met criteria that the status rule counts, or the written reason of an override."""
    if run_school is None:
        return []
    rule = run.snapshot.get("rules", {}).get(status, {})
    titles = {c["code"]: c["title"] for c in run.snapshot.get("criteria", [])}  # no describe(): it reads subjects
    met = [f"{code}: {titles.get(code, code)}" for code in rule.get("criteria", []) if code in run_school.met]
    if status not in run_school.proposed:
        override = next((o for o in run_school.overrides.all() if o.status == status), None)
        if override:
            met.append(f"включена решением методиста: {override.reason}")
    return met


def school_statuses(school) -> list[SchoolStatus]:
    return list(school.statuses.select_related("school_year", "run").order_by("-school_year__start_year",
                                                                               "status"))


def _years_of(run: Run) -> tuple[list[int], list[str]]:
    year = run.school_year.start_year
    years = list(range(year - 2, year + 1))
    return years, [f"{y}/{(y + 1) % 100:02d}" for y in years]


def result_series(run: Run, run_school: RunSchool) -> list[dict]:
    """Data of the why page's charts: the failing share per assessment over the run's three years against the
    C-threshold (one query), and the school's place per year from the evidence of rank criteria (no query).

    Each: {"title", "data": [(name, [(year label, value | None), …]), …], "threshold", "threshold_label"}; codes,
    titles and parameters are read from the run's snapshot (describing criteria would read subjects)."""
    from .criteria.bottom_distribution import BottomDistribution

    charts = []
    years, labels = _years_of(run)
    criteria = run.snapshot.get("criteria", [])
    failing = [c for c in criteria if c["kind"] == "failing_share"]
    if failing:
        threshold = failing[0]["params"]["threshold_pct"]
        rows = (AssessmentResult.objects.filter(school=run_school.school, school_year__start_year__in=years,
                                                participants__gt=0)
                .select_related("subject", "school_year").order_by("procedure", "subject__name", "grade"))
        series: dict[str, dict[int, float]] = {}
        for r in rows:
            name = f"{r.get_procedure_display()} {r.subject.name.lower()} {r.grade} кл."
            series.setdefault(name, {})[r.school_year.start_year] = 100 * r.mark2 / r.participants
        if series:
            charts.append({
                "title": gettext("Доля «2» по процедурам, %"), "chart_title": gettext("Доля «2» по процедурам"),
                "data": [(name, [(lbl, points.get(y)) for y, lbl in zip(years, labels, strict=True)])
                         for name, points in sorted(series.items())[:6]],
                "threshold": threshold, "threshold_label": f"порог {threshold:g} %"})
    for c in criteria:
        ev = run_school.evidence.get(c["code"], {})
        if ev.get("series"):
            points = BottomDistribution.chart_points(ev)
            limit = c["params"]["bottom_pct"]
            place = [(lbl, points.get(y)) for y, lbl in zip(years, labels, strict=True)]
            charts.append({
                "title": f"{c['code']}: {c['title']}", "chart_title": c["title"],
                "data": [(gettext("место, % школ"), place)],
                "threshold": limit, "threshold_label": f"нижние {limit:g} %"})
    return charts


def why_statuses(run_school: RunSchool) -> list[tuple]:
    """Per status: (value, label, proposed?, included?, the decision against the proposal or None) — one query."""
    overrides = {o.status: o for o in run_school.overrides.select_related("author")}
    return [(value, label, value in run_school.proposed, run_school.included(value), overrides.get(value))
            for value, label in Status.choices]


def official_years(statuses: QuerySet[SchoolStatus]) -> list[int]:
    """School years with an approved list among the given statuses, latest first."""
    return sorted(set(statuses.values_list("school_year__start_year", flat=True)), reverse=True)


def official_data_years(rows: list[OfficialRow]) -> list[str]:
    """The years of data the rows' basis runs read («2022/2023–2024/2025 учебных лет»), without repeats."""
    return sorted({r.status.run.data_years_label for r in rows})


def official_orders(rows: list[OfficialRow]) -> list[tuple]:
    """The orders (number, date) the rows of an official list rest on, oldest first."""
    return sorted({(r.status.order_number, r.status.order_date) for r in rows}, key=lambda o: o[1])

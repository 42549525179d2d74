"""Reads for identification pages and exports, each in a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from .models import Override, Run, RunSchool, SchoolStatus, Status

STATUS_LABELS = dict(Status.choices)


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


def official_list(*, start_year: int, schools_qs, status: str = "") -> list[OfficialRow]:
    rows = list(SchoolStatus.objects.filter(school_year__start_year=start_year, school__in=schools_qs)
                .select_related("school__municipality", "run", "school_year")
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

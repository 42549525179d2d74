"""Reads of identification runs: a run's figures and rows, comparing two runs, and what approving one makes
official."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from ..models import Override, Run, RunSchool, Status
from .judged import unjudged_ids
from .methodologies import STATUS_LABELS

# the run page's «Показать» values for the schools not judged: for any status, or for one
UNJUDGED_FILTERS = ("unjudged", *(f"unjudged_{status}" for status in Status.values))


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
    from ..access import visible_runs

    return visible_runs(user).filter(municipality=run.municipality, region=run.region,
                                     state__in=Run.RESULT_STATES).exclude(pk=run.pk).order_by("-created_at")[:limit]


def criteria_of(run: Run) -> list[dict]:
    """The run's criteria; `signal` marks those that only ask for review (never label a school)."""
    from ..criteria import KINDS

    return [{**c, "signal": not KINDS[c["kind"]].labels_schools,
             "threshold": str(KINDS[c["kind"]].describe(c["params"]))} for c in run.snapshot.get("criteria", [])]


def chance_of(run: Run) -> list[dict]:
    """Per estimated criterion of the run (those whose figures keep a probability): how many schools met it and how
    many of them are expected to have met it by chance alone — the sum over those schools of the probability that
    their true value lies on the other side of the cut (kept in Run.estimates when the run was computed)."""
    kept = run.estimates or {}
    return [{"code": c["code"], "title": c["title"], "met": kept[c["code"]]["labelled"],
             "expected": kept[c["code"]]["expected_by_chance"]}
            for c in run.snapshot.get("criteria", []) if "expected_by_chance" in kept.get(c["code"], {})]


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
    elif show in UNJUDGED_FILTERS:
        # not judged (for the status, or for any): found in the stored figures (judged.unjudged_ids, one query)
        ids = unjudged_ids(run)
        status = show.removeprefix("unjudged").lstrip("_")
        qs = qs.filter(pk__in=ids.get(status, set()) if status else set().union(*ids.values()))
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


def superseded_runs(runs) -> set[int]:
    """The computed runs among `runs` whose territory's list of the year is already approved by another run: they are
    no longer approved (a year has one official list; Run.year_approved_run for one run). One query."""
    runs = list(runs)
    keys = {(r.region_id, r.municipality_id, r.school_year_id) for r in runs}
    if not keys:
        return set()
    approved = {}
    for pk, region_id, municipality_id, year_id in Run.objects.filter(
            state=Run.State.APPROVED, school_year_id__in={k[2] for k in keys}).values_list(
            "pk", "region_id", "municipality_id", "school_year_id"):
        approved.setdefault((region_id, municipality_id, year_id), set()).add(pk)
    return {r.pk for r in runs if not r.is_approved
            and approved.get((r.region_id, r.municipality_id, r.school_year_id), set()) - {r.pk}}


# ---- approval ------------------------------------------------------------------------------------------------

@dataclass
class ApprovalSummary:
    """What approving a run will make official, against the previous approved list of the territory."""

    totals: dict
    previous: Run | None
    comparison: Comparison | None
    flagged: list  # (school, [labels]) of included schools that hold a leader-school or site designation


def open_for_approval(runs: QuerySet[Run]) -> QuerySet[Run]:
    """The runs that `Run.is_open_for_approval` holds for, in SQL (lists: no query per run): computed, official,
    and no other list of their municipality approved for their year."""
    approved = Run.objects.filter(state=Run.State.APPROVED, school_year_id=OuterRef("school_year_id"),
                                  region_id=OuterRef("region_id"), municipality_id=OuterRef("municipality_id"))
    return runs.filter(state=Run.State.DONE, is_what_if=False).exclude(Exists(approved))


def approval_summary(run: Run) -> ApprovalSummary:
    from schools.registries import school_flags

    previous = previous_approved(run)
    included = list(run.schools.filter(Q(lrs_included=True) | Q(dsc_included=True)).select_related("school")
                    .order_by("school__short_name"))
    flags = school_flags(rs.school_id for rs in included)
    return ApprovalSummary(totals=run_totals(run), previous=previous,
                           comparison=compare(run, previous) if previous else None,
                           flagged=[(rs.school, flags[rs.school_id]) for rs in included if rs.school_id in flags])


def proposed_flags(rows) -> dict[int, list[str]]:
    """Labels from higher apps (e.g. «школа-лидер до 31.08.2027») of the proposed or included schools among the
    rows: a school that itself supports others should not be listed without a look (one query per provider)."""
    from schools.registries import school_flags

    return school_flags(rs.school_id for rs in rows if rs.proposed or rs.lrs_included or rs.dsc_included)

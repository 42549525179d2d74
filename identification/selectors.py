"""Reads for identification pages and exports, each in a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from core.formats import school_year_name, school_year_of
from schools.models import AssessmentResult, SchoolYearData

from .criteria import RunContext, get_kind
from .criteria.base import pct
from .methodology import DEFAULT_SAMPLE
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


def methodology_in_words(methodology: Methodology, *, today=None) -> dict:
    """The methodology page's plain-Russian explanation, built from the methodology's own numbers: the years read,
    each criterion (what is compared, the small-sample and tie rules, when it is met), the decision rules."""
    from .criteria.base import plural
    from .engine import data_window

    sample = {**DEFAULT_SAMPLE, **(methodology.sample or {})}
    year = school_year_of(today or timezone.localdate())
    first, last = data_window(methodology.criteria, year)
    years = [
        f"Список на учебный год утверждается в его начале, поэтому строится только по результатам прошедших лет. "
        f"Например, список на {school_year_name(year)} учебный год читает результаты с {school_year_name(first)} по "
        f"{school_year_name(last)}: результатов {school_year_name(year)} к началу года ещё нет.",
        f"Результат класса, где участников меньше {sample['min_participants']}, ни в одном критерии не оценивается "
        f"и не учитывается ни у самой школы, ни среди школ для сравнения; на странице «почему» он показан как "
        f"неоценённый. Результаты, где участников меньше {sample['reliable_participants']}, учитываются, но "
        f"помечаются как ненадёжные (малая выборка).",
    ]
    criteria = []
    for c in methodology.criteria:
        kind = get_kind(c["kind"])
        ctx = RunContext(year=last, region_id=0, municipality_id=None)
        span = last - kind.first_year(ctx, c["params"]) + 1
        window = (f"Годы: {school_year_name(last)}" if span == 1 else
                  f"Годы: последние {span} {plural(span, 'год', 'года', 'лет')} (для списка на "
                  f"{school_year_name(year)} — с {school_year_name(last - span + 1)} по {school_year_name(last)})")
        criteria.append({"code": c["code"], "title": c["title"], "kind": kind, "window": window,
                         "paragraphs": kind.plain(c["params"], sample)})
    titles = {c["code"]: c["title"] for c in methodology.criteria}
    rules = []
    for label, rule in rules_of(methodology.rules):
        names = ", ".join(f"{code} («{titles.get(code, code)}»)" for code in rule["criteria"])
        total, need = len(rule["criteria"]), rule["min_met"]
        condition = (f"выполнен критерий {names}" if total == 1 else
                     f"выполнены не меньше {need} из {total} критериев: {names}")
        rules.append(f"{label}: школа предлагается в список, если {condition}. «Недостаточно данных» не считается "
                     f"выполненным критерием.")
    rules.append("Критерии «только сигнал» не включают школу в список: они отмечают её для проверки. Предложенный "
                 "список методист может изменить по каждой школе с обоснованием; утверждённый список публикуется "
                 "с номером и датой приказа.")
    return {"years": years, "criteria": criteria, "rules": rules}


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
        return long_standing(self.years_in_status)


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


LONG_STANDING_AFTER = 3  # DESIGN §4: schools in status for more than 3 years running are highlighted


def long_standing(years: int) -> bool:
    """In status long enough to be highlighted: more than LONG_STANDING_AFTER school years running (one rule for the
    official list, the effect page, the annual report and the API)."""
    return years > LONG_STANDING_AFTER


def long_standing_schools(school_ids, up_to: int) -> dict[int, int]:
    """School id → its longest run of consecutive years (ending with `up_to`) in a status, for the schools among
    `school_ids` whose run is long_standing."""
    history = SchoolStatus.objects.filter(school_id__in=school_ids, school_year__start_year__lte=up_to
                                          ).values_list("school_id", "status", "school_year__start_year")
    longest: dict[int, int] = {}
    for (school_id, _status), n in years_in_status(list(history), up_to).items():
        longest[school_id] = max(n, longest.get(school_id, 0))
    return {school_id: n for school_id, n in longest.items() if long_standing(n)}


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


# a series «nearly» meets its threshold when it comes within a fifth of it: a share «2» of at least 80 % of the
# threshold (24 % against 30 %), a place within the bottom limit divided by 0.8 (12,5 % against 10 %)
NEAR = 0.8


def _label(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def _ordered(series: list[dict]) -> tuple[list[dict], list[dict]]:
    """Series that met their threshold, then those near it (worst first), and the rest (by name)."""
    rank = {"met": 0, "near": 1}
    key = sorted((s for s in series if s["state"]), key=lambda s: (rank[s["state"]], -s["years"], -s["peak"],
                                                                   s["name"]))
    rest = sorted((s for s in series if not s["state"]), key=lambda s: s["name"])
    return key, rest


def result_series(run: Run, run_school: RunSchool) -> list[dict]:
    """Data of the why page's charts over the years the run read (`Run.data_years`): the failing share per
    assessment unit against the threshold of the failing-share criterion (one query), and the school's place per
    year from the evidence of rank criteria (no query).

    Each chart: {"title", "chart_title", "threshold", "threshold_label", "key": [series], "more": [series]}, a series
    {"name", "points": [(year label, value | None), …], "state": "met" | "near" | "", "note", "peak"}; `key` holds
    the series that met or nearly met the threshold (shown first), `more` the rest (behind «ещё N»). Codes,
    titles and parameters are read from the run's snapshot (describing criteria would read subjects)."""
    from .criteria.bottom_distribution import BottomDistribution

    charts = []
    first, last = run.data_years
    years = list(range(first, last + 1))
    criteria = run.snapshot.get("criteria", [])
    judged_from = (run.snapshot.get("sample") or {}).get("min_participants", 10)
    failing = [c for c in criteria if c["kind"] == "failing_share"]
    if failing:
        threshold = float(failing[0]["params"]["threshold_pct"])
        rows = (AssessmentResult.objects.filter(school=run_school.school, school_year__start_year__in=years,
                                                participants__gt=0)
                .select_related("subject", "school_year").order_by("procedure", "subject__name", "grade"))
        units: dict[str, dict[int, tuple[float, bool]]] = {}
        for r in rows:
            name = f"{r.get_procedure_display()} {r.subject.name.lower()} {r.grade} кл."
            units.setdefault(name, {})[r.school_year.start_year] = (100 * r.mark2 / r.participants,
                                                                     r.participants >= judged_from)
        series = []
        for name, points in units.items():
            judged = [(share, y) for y, (share, ok) in points.items() if ok]
            peak, peak_year = max(judged) if judged else (0.0, None)
            state = "met" if judged and peak >= threshold else "near" if judged and peak >= NEAR * threshold else ""
            reached = sorted(y for share, y in judged if share >= threshold)
            note = (gettext("порог достигнут: %(y)s") % {"y": ", ".join(_label(y) for y in reached)}
                    if state == "met" else
                    gettext("близко к порогу: %(v)s в %(y)s") % {"v": pct(peak), "y": _label(peak_year)}
                    if state == "near" else "")
            series.append({"name": name, "points": [(_label(y), points[y][0] if y in points else None)
                                                     for y in years],
                           "state": state, "note": note, "peak": peak, "years": len(reached)})
        if series:
            key, more = _ordered(series)
            charts.append({
                "title": gettext("Доля «2» по процедурам, %"), "chart_title": gettext("Доля «2» по процедурам"),
                "key": key, "more": more, "threshold": threshold,
                "threshold_label": f"порог {threshold:g} %".replace(".", ",")})
    for c in criteria:
        ev = run_school.evidence.get(c["code"], {})
        if not ev.get("series"):
            continue
        points = BottomDistribution.chart_points(ev)
        limit = float(c["params"]["bottom_pct"])
        bottom = sorted(y for y, v in points.items() if v <= limit + 1e-9)
        lowest = min(points.values())
        state = "met" if ev.get("outcome") == "met" else "near" if lowest <= limit / NEAR else ""
        if state == "met":
            note = gettext("в нижней части: %(y)s") % {"y": ", ".join(_label(y) for y in bottom)}
        elif bottom:
            note = gettext("в нижней части: %(y)s; нужно лет: %(n)s") % {
                "y": ", ".join(_label(y) for y in bottom), "n": c["params"]["min_years"]}
        elif state:
            note = gettext("близко к порогу: %(v)s в %(y)s") % {
                "v": pct(lowest), "y": _label(min(y for y, v in points.items() if v == lowest))}
        else:
            note = ""
        one = {"name": gettext("место школы: % школ с таким же или меньшим баллом"),
               "points": [(_label(y), points.get(y)) for y in years], "state": state, "note": note,
               "peak": -lowest, "years": len(bottom)}
        charts.append({
            "title": f"{c['code']}: {c['title']}", "chart_title": c["title"],
            "key": [one] if state else [], "more": [] if state else [one],
            "threshold": limit, "threshold_label": f"нижние {limit:g} %".replace(".", ",")})
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


# ---- the data a run needs (the run form and the service that starts runs) -------------------------------------

def _territory_filter(prefix: str, *, region, municipality) -> dict:
    if municipality is not None:
        return {f"{prefix}municipality": municipality}
    return {f"{prefix}municipality__region": region}


def result_years(*, region, municipality, first: int, last: int) -> set[int]:
    """School years (start years) between `first` and `last` with assessment results of the territory's active
    schools, as the engine reads them (one query)."""
    return set(AssessmentResult.objects.filter(
        **_territory_filter("school__", region=region, municipality=municipality), school__is_active=True,
        participants__gt=0, school_year__start_year__range=(first, last))
        .order_by().values_list("school_year__start_year", flat=True).distinct())


@dataclass(frozen=True)
class DataCheck:
    """What the results of a territory give a list on `start_year`: the years its criteria read (`first`…`last`,
    the last being the year before the list's), those with results, and the yearly context data when a criterion
    reads it. Without results of the last year an official run is refused (the list rests on that year); missing
    earlier years and context data are warnings (criteria judge what there is, and say «недостаточно данных»)."""

    territory: str
    start_year: int
    first: int
    last: int
    have: frozenset
    context_needed: bool = False
    has_context: bool = True

    @property
    def missing_last(self) -> bool:
        return self.last not in self.have

    @property
    def missing_earlier(self) -> list[int]:
        return [y for y in range(self.first, self.last) if y not in self.have]

    @property
    def refusal(self) -> str:
        """The year field's message for an official run without results of the year it rests on."""
        return gettext("Нет результатов оценочных процедур за %(last)s учебный год (%(where)s), а список "
                       "на %(year)s строится по ним. Официальный расчёт без них не запускается: загрузите "
                       "результаты, выберите другой учебный год или отметьте «Пробный расчёт».") % {
            "last": school_year_name(self.last), "where": self.territory, "year": school_year_name(self.start_year)}

    @property
    def warnings(self) -> list[str]:
        out = []
        if self.missing_last:
            out.append(gettext("Нет результатов оценочных процедур за %(last)s учебный год (%(where)s), по которым "
                               "строится список на %(year)s: критерии по результатам не выполнятся ни для одной "
                               "школы.") % {"last": school_year_name(self.last), "where": self.territory,
                                            "year": school_year_name(self.start_year)})
        if self.missing_earlier:
            out.append(gettext("Нет результатов за %(years)s (%(where)s): критерии, которые смотрят на несколько лет, "
                               "оценят школы по остальным годам, у части школ будет «недостаточно данных».") % {
                "years": ", ".join(school_year_name(y) for y in self.missing_earlier), "where": self.territory})
        if self.context_needed and not self.has_context:
            out.append(gettext("Нет данных о контингенте и социальном контексте школ за %(last)s (%(where)s): "
                               "индекс социального благополучия (ШССУ) не будет рассчитан.") % {
                "last": school_year_name(self.last), "where": self.territory})
        return out


def data_check(*, criteria: list[dict], region, municipality, start_year: int) -> DataCheck:
    """The results (and yearly context data) a list on `start_year` would read in the territory (two queries)."""
    from .engine import data_window

    first, last = data_window(criteria, start_year)
    context_needed = any(c["kind"] == "social_index" for c in criteria)
    has_context = context_needed and SchoolYearData.objects.filter(
        **_territory_filter("school__", region=region, municipality=municipality), school__is_active=True,
        school_year__start_year=last, students__gt=0).exists()
    return DataCheck(territory=str(municipality or region), start_year=start_year, first=first, last=last,
                     have=frozenset(result_years(region=region, municipality=municipality, first=first, last=last)),
                     context_needed=context_needed, has_context=has_context or not context_needed)


def latest_result_years(municipalities) -> dict[int, int]:
    """Municipality id → the latest school year with assessment results of its active schools (one query)."""
    return dict(AssessmentResult.objects.filter(school__municipality__in=municipalities, school__is_active=True,
                                                participants__gt=0)
                .order_by().values("school__municipality").annotate(last=Max("school_year__start_year"))
                .values_list("school__municipality", "last"))


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

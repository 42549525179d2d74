"""Reads of a school's «why» page in a run: the charts of its results against the criteria's thresholds and its
statuses with the decisions taken."""

from django.utils.translation import gettext

from core.formats import ru_decimal
from schools.models import AssessmentResult

from ..criteria.base import pct
from ..models import Run, RunSchool, Status

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
    from ..criteria.bottom_distribution import BottomDistribution

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
                "title": gettext("Доля «2» по результатам, %"), "chart_title": gettext("Доля «2» по результатам"),
                "key": key, "more": more, "threshold": threshold,
                "threshold_label": f"порог {ru_decimal(threshold, None)} %"})
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
            "threshold": limit, "threshold_label": f"нижние {ru_decimal(limit, None)} %"})
    return charts


def why_statuses(run_school: RunSchool) -> list[tuple]:
    """Per status: (value, label, proposed?, included?, the decision against the proposal or None) — one query."""
    overrides = {o.status: o for o in run_school.overrides.select_related("author")}
    return [(value, label, value in run_school.proposed, run_school.included(value), overrides.get(value))
            for value, label in Status.choices]


def similar_comparisons(run_school: RunSchool) -> list[dict]:
    """The run's similar-schools criteria for the school (why page, school card): the verdict in words, the figures
    and the names of the group's schools (one query, none without such a criterion)."""
    from schools.models import School

    from ..criteria import get_kind

    out = []
    for c in run_school.run.snapshot.get("criteria", []):
        if c["kind"] != "similar_schools":
            continue
        kind, ev = get_kind(c["kind"]), run_school.evidence.get(c["code"], {})
        if ev.get("estimate") is None or ev.get("outcome") == "no_data":  # not judged: no verdict
            continue
        out.append({"code": c["code"], "title": c["title"], "verdict": kind.verdict(ev, c["params"]),
                    "figures": kind.value_text(ev, c["params"]), "peer_ids": ev.get("peer_ids") or []})
    if out:
        names = dict(School.objects.filter(pk__in={i for o in out for i in o["peer_ids"]}).values_list(
            "pk", "short_name"))
        for o in out:
            o["peers"] = sorted(names[i] for i in o["peer_ids"] if i in names)
    return out


def latest_similar_row(school) -> RunSchool | None:
    """The school's row in its latest approved list whose methodology compares with similar schools (the card)."""
    rows = (RunSchool.objects.filter(school=school, run__state=Run.State.APPROVED)
            .select_related("run__school_year", "run__region", "run__municipality")
            .order_by("-run__school_year__start_year", "-run__approved_at"))
    return next((rs for rs in rows[:3]
                 if any(c["kind"] == "similar_schools" for c in rs.run.snapshot.get("criteria", []))), None)

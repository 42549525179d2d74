"""Rules that propose targeted recommendations (docs/indicators.md). The rules are data (monitoring.models.Rule: kind,
parameters, audience, text); each kind here reads what it needs for all the municipality's supported schools in a
fixed number of queries and answers, per school (or for the municipality), the figures that triggered it — the
recommendation's text is the rule's text filled with them, and the figures are kept as its reasons."""

import datetime
from collections import defaultdict
from collections.abc import Callable

from django.db.models import Count, Q
from django.utils import timezone

from core.formats import ru_decimal, ru_percent
from identification.models import SchoolStatus
from partnerships.models import Agreement
from roadmaps.models import Activity, Level, RiskProfileItem, Roadmap

from . import engine
from .models import Direction, Value

KINDS: dict[str, Callable] = {}


def kind(code: str):
    def register(fn):
        KINDS[code] = fn
        return fn
    return register


class Context:
    """What the rules of one municipality and school year read (each read once, when a rule asks for it)."""

    def __init__(self, municipality, school_year, today: datetime.date | None = None):
        self.municipality, self.school_year = municipality, school_year
        self.today = today or timezone.localdate()
        self.supported = sorted(set(SchoolStatus.objects.filter(
            school_year=school_year, school__municipality=municipality).values_list("school_id", flat=True)))
        self._figures = None

    @property
    def figures(self) -> dict[int, dict[str, int]]:
        if self._figures is None:
            self._figures = engine.mentoring_figures(self.supported, self.school_year) if self.supported else {}
        return self._figures

    def programmes(self):
        return Roadmap.objects.filter(level=Level.SCHOOL, school_id__in=self.supported, school_year=self.school_year)

    def partnered(self) -> set[int]:
        since, until = (datetime.date(self.school_year.start_year, 9, 1),
                        datetime.date(self.school_year.start_year + 1, 8, 31))
        return set(Agreement.objects.filter(supported_school_id__in=self.supported, state=Agreement.State.ACTIVE,
                                            start__lte=until, end__gte=since)
                   .values_list("supported_school_id", flat=True))


@kind("risk_without_activity")
def risk_without_activity(ctx: Context, params: dict) -> dict:
    relevant = defaultdict(dict)
    for school_id, factor_id, factor_name in RiskProfileItem.objects.filter(
            profile__school_id__in=ctx.supported, profile__school_year=ctx.school_year, relevant=True).values_list(
            "profile__school_id", "factor_id", "factor__name"):
        relevant[school_id][factor_id] = factor_name
    covered = defaultdict(set)
    for school_id, factor_id in Activity.objects.filter(roadmap__in=ctx.programmes(), risk_factor__isnull=False) \
            .exclude(status=Activity.Status.CANCELLED).values_list("roadmap__school_id", "risk_factor_id"):
        covered[school_id].add(factor_id)
    out = {}
    for school_id, factors in relevant.items():
        missing = sorted(name for fid, name in factors.items() if fid not in covered[school_id])
        if missing:
            out[school_id] = {"factors": "; ".join(missing), "count": len(missing)}
    return out


@kind("no_partner")
def no_partner(ctx: Context, params: dict) -> dict:
    partnered = ctx.partnered()
    return {s: {"partner": "нет действующего партнёрского соглашения"} for s in ctx.supported if s not in partnered}


@kind("overdue_activities")
def overdue_activities(ctx: Context, params: dict) -> dict:
    limit = float(params.get("share", 30))
    rows = ctx.programmes().annotate(
        total=Count("activities", filter=~Q(activities__status=Activity.Status.CANCELLED)),
        overdue=Count("activities", filter=Q(activities__status__in=Activity.OPEN, activities__due__lt=ctx.today)),
    ).values_list("school_id", "total", "overdue")
    out = {}
    for school_id, total, overdue in rows:
        if total and 100 * overdue / total > limit:
            out[school_id] = {"overdue": overdue, "total": total, "share": ru_percent(100 * overdue / total)}
    return out


@kind("low_results_not_diagnosed")
def low_results_not_diagnosed(ctx: Context, params: dict) -> dict:
    out = {}
    for school_id, f in ctx.figures.items():
        missing = f.get("teachers_low_results", 0) - f.get("low_results_diagnosed", 0)
        if missing > 0:
            out[school_id] = {"missing": missing, "low": f["teachers_low_results"]}
    return out


@kind("young_without_mentor")
def young_without_mentor(ctx: Context, params: dict) -> dict:
    out = {}
    for school_id, f in ctx.figures.items():
        missing = f.get("young_specialists", 0) - f.get("young_mentored", 0)
        if missing > 0:
            out[school_id] = {"missing": missing, "young": f["young_specialists"]}
    return out


@kind("results_worsened")
def results_worsened(ctx: Context, params: dict) -> dict:
    points = float(params.get("points", 5))
    out = defaultdict(list)
    for school_id, name, change, direction in Value.objects.filter(
            school_id__in=ctx.supported, school_year=ctx.school_year, indicator__is_result=True, reliable=True,
            change__isnull=False, indicator__retired_at__isnull=True).values_list(
            "school_id", "indicator__name", "change", "indicator__direction"):
        signed = float(change) if direction != Direction.DOWN else -float(change)
        if signed <= -points:
            out[school_id].append(f"{name} ({ru_decimal(change, 1, plus=True)} п. п.)")
    return {s: {"indicators": "; ".join(items), "count": len(items)} for s, items in out.items()}


@kind("many_unsupported")
def many_unsupported(ctx: Context, params: dict) -> dict:
    """Municipal: the share of ШНОР/ШССУ without a partner above the limit (key None: the municipality)."""
    if not ctx.supported:
        return {}
    missing = len(set(ctx.supported) - ctx.partnered())
    value = 100 * missing / len(ctx.supported)
    if value > float(params.get("share", 20)):
        return {None: {"unsupported": missing, "total": len(ctx.supported), "share": ru_percent(value)}}
    return {}


MUNICIPAL_KINDS = {"many_unsupported"}




# the figures' names as a recommendation shows them (its reasons)
LABELS = {
    "factors": "актуальные факторы риска без мероприятий", "count": "число",
    "partner": "партнёр", "overdue": "просрочено мероприятий", "total": "всего",
    "share": "доля", "missing": "не охвачено", "low": "педагогов с низкими результатами",
    "young": "молодых педагогов", "indicators": "снизившиеся показатели", "unsupported": "без партнёра",
}


def reasons(figures: dict) -> list[dict]:
    return [{"name": key, "label": LABELS.get(key, key), "value": value} for key, value in figures.items()]

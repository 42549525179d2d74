"""Reads of roadmaps: the overview with progress figures computed in SQL, a roadmap's activity table, flags."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Avg, BooleanField, Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Value
from django.utils import timezone

from core.formats import school_year_of

from . import access
from .models import Activity, Level, ProgressReport, RiskFactor, RiskProfile, RiskProfileItem, Roadmap


def current_start_year(today: datetime.date | None = None) -> int:
    """The school year under way: it starts on 1 September."""
    today = today or timezone.localdate()
    return school_year_of(today)


def _open_overdue(today: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}status__in": Activity.OPEN, f"{prefix}due__lt": today})


def with_progress(qs: QuerySet[Roadmap], today: datetime.date | None = None) -> QuerySet[Roadmap]:
    """Percent done (mean over activities not cancelled), overdue count and the latest report's state, per
    roadmap, in the same query as the roadmaps themselves."""
    today = today or timezone.localdate()
    counted = ~Q(activities__status=Activity.Status.CANCELLED)
    latest_report = ProgressReport.objects.filter(roadmap=OuterRef("pk")).order_by("-period_start")
    return qs.annotate(
        n_activities=Count("activities", filter=counted, distinct=True),
        percent_done=Avg("activities__percent", filter=counted),
        n_overdue=Count("activities", filter=_open_overdue(today, "activities__"), distinct=True),
        n_done=Count("activities", filter=Q(activities__status=Activity.Status.DONE), distinct=True),
        report_status=Subquery(latest_report.values("status")[:1]),
        report_label=Subquery(latest_report.values("label")[:1]),
    )


def overview(user, *, level: str = "", status: str = "", year: int | None = None, municipality: int | None = None,
             overdue_only: bool = False, q: str = "") -> QuerySet[Roadmap]:
    qs = access.visible_roadmaps(user)
    if level in Level.values:
        qs = qs.filter(level=level)
    if status in Roadmap.Status.values:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(school_year__start_year=year)
    if municipality:
        qs = qs.filter(municipality_id=municipality)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(school__short_name__icontains=q) | Q(school__code=q))
    qs = with_progress(qs)
    if overdue_only:
        qs = qs.filter(n_overdue__gt=0)
    return qs.order_by("-school_year__start_year", "municipality__name", "level", "school__short_name", "pk")


def totals(qs: QuerySet[Roadmap]) -> dict:
    """Counts for the overview's heading, in one query."""
    today = timezone.localdate()
    base = Roadmap.objects.filter(pk__in=qs.values("pk"))
    return base.aggregate(
        roadmaps=Count("pk", distinct=True),
        approved=Count("pk", filter=Q(status=Roadmap.Status.APPROVED), distinct=True),
        on_review=Count("pk", filter=Q(status=Roadmap.Status.SUBMITTED), distinct=True),
        overdue=Count("activities", filter=_open_overdue(today, "activities__"), distinct=True),
    )


def activities(roadmap: Roadmap, *, status: str = "", overdue: bool = False, responsible: str = "",
               direction: str = "") -> QuerySet[Activity]:
    qs = roadmap.activities.select_related("direction", "risk_factor", "responsible_user")
    if status in Activity.Status.values:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(_open_overdue(timezone.localdate()))
    if responsible:
        qs = qs.filter(Q(responsible_text__icontains=responsible)
                       | Q(responsible_user__last_name__icontains=responsible)
                       | Q(responsible_user__email__icontains=responsible))
    if direction:
        qs = qs.filter(direction__code=direction)
    return qs.annotate(n_evidence=Count("evidence", distinct=True), n_comments=Count("comments", distinct=True)
                       ).order_by("direction__ordering", "number")


def grouped(activities_list) -> list[tuple]:
    """[(direction, [activities…]), …] in the order of the directions."""
    groups: dict = {}
    for a in activities_list:
        groups.setdefault(a.direction, []).append(a)
    return list(groups.items())


def _covering(programme: Roadmap, factor_ref: str) -> QuerySet[Activity]:
    """The one definition of a covered risk factor: the programme has an activity (not cancelled) addressing it.
    `factor_ref` names the factor's id in the outer query."""
    return Activity.objects.filter(roadmap=programme, risk_factor_id=OuterRef(factor_ref)).exclude(
        status=Activity.Status.CANCELLED)


def uncovered_factors(roadmap: Roadmap | None) -> list[RiskFactor]:
    """Relevant factors of the school's risk profile (same year) with no activity in the programme (one query;
    none for other levels or without a programme). Shown on the roadmap page and the risk profile page."""
    if roadmap is None or not roadmap.is_programme:
        return []
    items = RiskProfileItem.objects.filter(profile__school_id=roadmap.school_id,
                                           profile__school_year_id=roadmap.school_year_id, relevant=True).annotate(
        covered=Exists(_covering(roadmap, "factor_id"))).filter(covered=False).select_related("factor").order_by(
        "factor__ordering")
    return [i.factor for i in items]


@dataclass
class RiskProfileSheet:
    """A school's risk profile for a year as its page shows it."""

    profile: RiskProfile | None
    programme: Roadmap | None
    items: dict = field(default_factory=dict)  # factor id → the saved RiskProfileItem
    factors: list = field(default_factory=list)  # active factors, then retired ones the profile used; `.covered`
    uncovered: list = field(default_factory=list)  # relevant factors without an activity in the programme


def risk_profile_sheet(school, school_year) -> RiskProfileSheet:
    """Profile, its items, the programme of that year, every factor with `covered`, and the uncovered ones —
    five queries whatever the number of factors."""
    profile = RiskProfile.objects.filter(school=school, school_year=school_year).first()
    items = {i.factor_id: i for i in profile.items.all()} if profile else {}
    programme = Roadmap.objects.filter(level=Level.SCHOOL, school=school, school_year=school_year).first()
    covered = Exists(_covering(programme, "pk")) if programme else Value(False, output_field=BooleanField())
    factors = list(RiskFactor.objects.filter(Q(is_active=True) | Q(pk__in=list(items))).annotate(covered=covered))
    factors.sort(key=lambda f: not f.is_active)  # a retired factor stays visible in the profiles that used it
    return RiskProfileSheet(profile=profile, programme=programme, items=items, factors=factors,
                            uncovered=uncovered_factors(programme))


def months_between(start: datetime.date, end: datetime.date) -> list[tuple[datetime.date, float, float]]:
    """Month columns of a timeline: (first day, left %, width %) over [start, end]."""
    total = (end - start).days + 1
    out, day = [], start.replace(day=1)
    while day <= end:
        nxt = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        left = max(day, start)
        right = min(nxt - datetime.timedelta(days=1), end)
        out.append((day, 100 * (left - start).days / total, 100 * ((right - left).days + 1) / total))
        day = nxt
    return out


def bar(activity: Activity, start: datetime.date, end: datetime.date) -> tuple[float, float]:
    total = (end - start).days + 1
    a_start, a_end = max(activity.start, start), min(activity.due, end)
    return 100 * (a_start - start).days / total, max(0.8, 100 * ((a_end - a_start).days + 1) / total)


# ---- a school year's roadmaps (monitoring's annual report) ---------------------------------------------------------


def year_roadmaps(*, start_year: int, as_of: datetime.date, municipality_ids=None, school=None) -> list[Roadmap]:
    """The roadmaps of a school year with their progress on `as_of` (`with_progress`), by level, municipality and
    school: those of the municipalities, or of one school (its programme and its plans as a leader or site). One
    query."""
    qs = Roadmap.objects.filter(school_year__start_year=start_year)
    if school is not None:
        qs = qs.filter(Q(school=school) | Q(designation__school=school))
    else:
        qs = qs.filter(municipality_id__in=municipality_ids)
    return list(with_progress(qs.select_related("school__municipality", "designation__school", "municipality"),
                              today=as_of).order_by("level", "municipality__name", "school__short_name", "pk"))


def direction_totals(roadmap_ids, *, as_of: datetime.date) -> list[dict]:
    """Per direction of the roadmaps' activities (without the cancelled): {"direction__name", "total", "done",
    "late" (done after the due date), "overdue" (on `as_of`), "mean" (percent)}, by the directions' order (one
    query)."""
    return list(Activity.objects.filter(roadmap__in=roadmap_ids).exclude(status=Activity.Status.CANCELLED)
                .values("direction__name", "direction__ordering")
                .annotate(total=Count("pk"), done=Count("pk", filter=Q(status=Activity.Status.DONE)),
                          late=Count("pk", filter=Q(status=Activity.Status.DONE, completed_on__gt=F("due"))),
                          overdue=Count("pk", filter=_open_overdue(as_of)), mean=Avg("percent"))
                .order_by("direction__ordering", "direction__name"))


def school_programmes(*, school_ids, school_year, as_of: datetime.date) -> dict[int, Roadmap]:
    """School id → its programme of the school year with its progress on `as_of` (one query)."""
    return {r.school_id: r for r in with_progress(Roadmap.objects.filter(
        level=Level.SCHOOL, school_id__in=school_ids, school_year=school_year), today=as_of)}

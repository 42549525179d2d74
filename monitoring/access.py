"""Who may see and do what in monitoring: the one place the pages, the API and the services ask.

- the municipal dashboard, the effect of the programme, recompute: municipal staff (methodologists and heads) of the
  municipality, administrators everywhere;
- a school's dashboard and values: whoever may read the school's private data (its municipality's staff, its
  director and leader-school staff of the school);
- the catalogue: region indicators read by every signed-in user and written by administrators; a municipality's
  local indicators seen by its members only and written by its methodologists and head (and administrators);
  a municipality's targets set by its methodologists and head, the region's targets by administrators;
- recommendations: the municipality's staff read all of them; a director reads those addressed to the school that
  are not dismissed; methodologists add, edit and dismiss; methodologists and heads adopt them as decisions.
"""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.access import acts_for, can_view_private, get_scope, private_schools
from schools.models import Municipality, School

from .models import Audience, Indicator, Recommendation


def municipal_munis(user) -> QuerySet[Municipality]:
    scope = get_scope(user)
    qs = Municipality.objects.select_related("region").order_by("name")
    return qs if scope.is_admin else qs.filter(pk__in=scope.municipal_munis)


def can_view_municipality(user, municipality: Municipality) -> bool:
    scope = get_scope(user)
    return scope.is_admin or municipality.pk in scope.municipal_munis


def can_open_monitoring(user) -> bool:
    scope = get_scope(user)
    return scope.is_admin or bool(scope.municipal_munis or scope.own_schools)


def can_compute(user, municipality: Municipality | None = None) -> bool:
    scope = get_scope(user)
    if scope.is_admin:
        return True
    return municipality is not None and municipality.pk in scope.methodologist_munis


CATALOGUE_REFUSAL = _("Каталог показателей общий для региона: его ведёт администратор региона.")


def can_manage_catalogue(user) -> bool:
    """The indicator catalogue is the region's: every municipality's monitoring, reports and effect read it, so its
    administrators alone add, change and retire indicators; a municipality's own choices are its targets."""
    return get_scope(user).is_admin


LOCAL_REFUSAL = _("Местные показатели муниципалитета ведут его методисты и руководитель управления образования.")
TARGET_REFUSAL = _("Цели муниципалитета задают его методисты и руководитель управления образования.")
REGION_TARGET_REFUSAL = _("Цели региона задаёт администратор региона.")


def visible_indicators(user) -> QuerySet[Indicator]:
    """The region's indicators, and the local ones of the user's municipalities (of their schools, for the schools'
    staff); administrators see every municipality's."""
    scope = get_scope(user)
    qs = Indicator.objects.select_related("municipality")
    if scope.is_admin:
        return qs
    return qs.filter(Q(municipality__isnull=True) | Q(municipality_id__in=scope.municipal_munis | scope.member_munis))


def indicator_munis(user) -> QuerySet[Municipality]:
    """Municipalities whose local indicators the user may add and change (their methodologists and head)."""
    return municipal_munis(user)


def can_add_indicator(user, municipality: Municipality | None) -> bool:
    """None: a region indicator (administrators); a municipality: its local one."""
    if municipality is None:
        return can_manage_catalogue(user)
    scope = get_scope(user)
    return scope.is_admin or municipality.pk in scope.municipal_munis


def can_add_any_indicator(user) -> bool:
    scope = get_scope(user)
    return scope.is_admin or bool(scope.municipal_munis)


def can_edit_indicator(user, indicator: Indicator) -> bool:
    """Change and retire: a region indicator — administrators; a local one — its municipality's staff too."""
    if indicator.municipality_id is None:
        return can_manage_catalogue(user)
    scope = get_scope(user)
    return scope.is_admin or indicator.municipality_id in scope.municipal_munis


def indicator_refusal(indicator: Indicator):
    return CATALOGUE_REFUSAL if indicator.municipality_id is None else LOCAL_REFUSAL


def can_set_target(user, municipality: Municipality | None) -> bool:
    """None: the region's target (administrators); a municipality: its own target (its methodologists and head)."""
    if municipality is None:
        return can_manage_catalogue(user)
    return can_view_municipality(user, municipality)


def monitored_schools(user, qs: QuerySet | None = None) -> QuerySet[School]:
    return private_schools(user, qs)


def can_view_school(user, school: School) -> bool:
    return can_view_private(user, school)


def visible_recommendations(user) -> QuerySet[Recommendation]:
    scope = get_scope(user)
    qs = Recommendation.objects.select_related("municipality", "school", "school_year", "rule", "decided_by")
    if scope.is_admin:
        return qs
    return qs.filter(Q(municipality_id__in=scope.municipal_munis)
                     | (Q(school_id__in=scope.director_schools, audience=Audience.SCHOOL)
                        & ~Q(state=Recommendation.State.DISMISSED)))


def can_view_recommendations(user) -> bool:
    scope = get_scope(user)
    return scope.is_admin or bool(scope.municipal_munis or scope.director_schools)


def can_edit_recommendation(user, rec: Recommendation) -> bool:
    """Edit, dismiss, add: the municipality's methodologists, while the recommendation is not decided."""
    scope = get_scope(user)
    return (scope.is_admin or rec.municipality_id in scope.methodologist_munis) \
        and rec.state == Recommendation.State.PROPOSED


def can_add_recommendation(user, municipality: Municipality) -> bool:
    return can_compute(user, municipality)


def can_adopt(user, rec: Recommendation) -> bool:
    """Adopts as a decision: municipal staff, never the one who wrote the recommendation (nor a linked account)."""
    scope = get_scope(user)
    return (scope.is_admin or rec.municipality_id in scope.municipal_munis) \
        and rec.state == Recommendation.State.PROPOSED and not acts_for(user, rec.created_by_id)


def can_view_recommendation(user, rec: Recommendation) -> bool:
    return visible_recommendations(user).filter(pk=rec.pk).exists()

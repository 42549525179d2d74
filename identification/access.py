"""Who may see and do what in identification, built on accounts.access — the one place for these rules.

- runs and their evidence: municipal staff of the run's municipality (region-wide runs: staff of any
  municipality of the region) and admins; a school's own staff (director, leader-school staff) read the
  evidence of their school only, and only in approved lists;
- starting runs and deciding against the proposal: methodologists of the municipality (region runs: admins);
- approving: department heads of the municipality (region runs: admins) — never the one who started (computed)
  the run or decided against its proposal in it (separation of duties, docs/domain.md);
- methodologies: read by municipal staff, new versions made by methodologists; which version is the region's
  default (a region-wide catalogue choice) only administrators decide.

What a run's state allows lives on the model (`Run.is_open_for_decisions`, `is_working`, …); the `*_now`
predicates below join the two for pages (role and state), while services check the role first (403) and
then the state (a message in Russian).
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts import access as scoping
from accounts.models import Role
from schools.models import Municipality

from .models import Override, Run, RunSchool, SchoolStatus

# ---- runs -------------------------------------------------------------------------------------

def visible_runs(user) -> QuerySet[Run]:
    scope = scoping.get_scope(user)
    qs = Run.objects.select_related("methodology", "municipality", "region", "school_year", "requested_by")
    if scope.is_admin:
        return qs
    munis = scope.municipal_munis
    return qs.filter(Q(municipality_id__in=munis)
                     | Q(municipality__isnull=True, region__municipalities__id__in=munis)).distinct()


def can_view_run(user, run: Run) -> bool:
    """The predicate of `visible_runs` for one run (a region-wide run asks the database once)."""
    scope = scoping.get_scope(user)
    if scope.is_admin:
        return True
    if run.municipality_id is not None:
        return run.municipality_id in scope.municipal_munis
    return bool(scope.municipal_munis) and Municipality.objects.filter(
        region_id=run.region_id, pk__in=scope.municipal_munis).exists()


def run_or_404(user, pk) -> Run:
    try:
        return visible_runs(user).get(pk=pk)
    except (Run.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_view_evidence(user, run: Run, school) -> bool:
    """A school's evidence in a run: the run's staff; the school's own staff once the list is approved."""
    return can_view_run(user, run) or (run.is_approved and scoping.can_view_private(user, school))


def run_school_or_404(user, run_pk, school_pk) -> RunSchool:
    """A school's row in a run whose evidence the user may read; anything else is 404. The row's `run` is the
    loaded run (the evidence is read with the run's snapshot)."""
    run = Run.objects.select_related("methodology", "municipality", "region", "school_year", "requested_by").filter(
        pk=run_pk).first()
    if run is None:
        raise Http404
    run_school = RunSchool.objects.select_related("school__municipality").filter(run=run, school_id=school_pk).first()
    if run_school is None or not can_view_evidence(user, run, run_school.school):
        raise Http404
    run_school.run = run
    return run_school


def can_start_runs(user) -> bool:
    """Offers "new run" at all: a methodologist of some municipality (or an admin)."""
    scope = scoping.get_scope(user)
    return scope.is_admin or bool(scope.methodologist_munis)


def startable_municipalities(user) -> QuerySet:
    """Municipalities a user may start a run for (the choices of the run form)."""
    return scoping.managed_municipalities(user)


def can_start_region_runs(user) -> bool:
    return scoping.get_scope(user).is_admin


def can_start_run(user, municipality) -> bool:
    if municipality is None:
        return can_start_region_runs(user)
    return scoping.can_manage_municipality(user, municipality.pk)


def can_decide(user, run: Run) -> bool:
    """Include/exclude against the proposal (the role; the run's state is `Run.is_open_for_decisions`)."""
    return can_start_run(user, run.municipality)


def can_decide_now(user, run: Run) -> bool:
    return run.is_open_for_decisions and can_decide(user, run)


def authored_q(user) -> Q:
    """Runs this user computed (started) or decided in: they may not approve them."""
    decided = Override.objects.filter(author_id=user.pk).values("run_school__run_id")
    return Q(requested_by_id=user.pk) | Q(pk__in=decided)


def approves_by_role(user, run: Run) -> bool:
    """The role part of `can_approve`: heads of the run's municipality (region runs: admins)."""
    scope = scoping.get_scope(user)
    if scope.is_admin:
        return True
    return run.municipality_id is not None and run.municipality_id in scope.head_munis


def is_author(user, run: Run) -> bool:
    """Started (computed) the run or decided against its proposal in it — themselves or through an account linked
    to theirs (accounts.access.acts_for)."""
    linked = scoping.linked_user_ids(user)
    return run.requested_by_id in linked or Override.objects.filter(run_school__run=run, author_id__in=linked).exists()


def can_approve(user, run: Run) -> bool:
    """Approves the list (the role; the run's state is `Run.is_open_for_decisions`) — never its own author."""
    return approves_by_role(user, run) and not is_author(user, run)


def can_approve_now(user, run: Run) -> bool:
    """The approval form is offered: the role, a list open for approval (none other approved for its year)."""
    return run.is_open_for_approval and can_approve(user, run)


# ---- the official list ------------------------------------------------------------------------------

def visible_statuses(user) -> QuerySet[SchoolStatus]:
    """Approved statuses (the official list, its exports, the API): of the schools the user sees in the registry."""
    return SchoolStatus.objects.filter(school__in=scoping.visible_schools(user))


def can_open_why(user, status: SchoolStatus) -> bool:
    """The why page behind an official status (its «почему →» in the list and on the school card): whoever may read
    the school's evidence in the approved run — the list is read by more people (every member of the municipality)."""
    return can_view_evidence(user, status.run, status.school)


# ---- methodologies and the section ----------------------------------------------------------------

def can_manage_methodologies(user) -> bool:
    """New versions: methodologists (each run keeps its own snapshot, nobody else's runs change)."""
    return scoping.has_role(user, Role.METHODOLOGIST, Role.ADMIN)


def can_set_default_methodology(user) -> bool:
    """The default version is the region's (every municipality's new runs start from it): administrators only."""
    return scoping.get_scope(user).is_admin


def can_read_methodologies(user) -> bool:
    """The methodologies are the region's published rules, read by every member as by the API: a director reads how
    the list that names their school is built (the why page links to its methodology)."""
    scope = scoping.get_scope(user)
    return scope.is_admin or bool(scope.roles)


def can_open_identification(user) -> bool:
    """Runs and methodologies: municipal staff (everyone reads the approved lists)."""
    scope = scoping.get_scope(user)
    return scope.is_admin or bool(scope.municipal_munis)

"""Who sees and manages designations and agreements: the one place for the rules of partnerships (built on
accounts.access). Views, the API and the services all ask here.

- See: methodologists and heads see everything in their municipality (designations of its schools, agreements
  whose leader or supported school is there); leader-school staff and directors see their own school's
  designations and the agreements in which their school is the leader; directors also see the agreements in
  which their school is supported.
- Manage: the methodologists of the leader school's municipality (and admins) give and end designations, write
  agreements and run their life cycle. Heads, directors and leader-school staff only read.
- State: an agreement is edited and activated only as a draft and terminated only while active; a designation is
  terminated, and gets new agreements, only while active.
- Coverage table (every ШНОР/ШССУ with its partners): municipal staff only, for the schools of their
  municipalities — it lists agreements that directors and leader-school staff do not see.

Lookups through the visible querysets make a foreign object answer 404; a visible object the user may not
change answers 403.
"""

from django.db.models import Q, QuerySet

from accounts import access as scoping
from schools.models import School

from .models import Agreement, Designation

# ---- what a user sees ---------------------------------------------------------------------------


def visible_designations(user) -> QuerySet[Designation]:
    scope = scoping.get_scope(user)
    qs = Designation.objects.select_related("school__municipality", "kind", "head")
    if scope.is_admin:
        return qs
    return qs.filter(Q(school__municipality_id__in=scope.municipal_munis)
                     | Q(school_id__in=scope.leader_schools | scope.director_schools))


def visible_agreements(user) -> QuerySet[Agreement]:
    scope = scoping.get_scope(user)
    qs = Agreement.objects.select_related("designation__school__municipality", "designation__kind",
                                          "supported_school")
    if scope.is_admin:
        return qs
    own = scope.leader_schools | scope.director_schools
    return qs.filter(Q(designation__school__municipality_id__in=scope.municipal_munis)
                     | Q(supported_school__municipality_id__in=scope.municipal_munis)
                     | Q(designation__school_id__in=own) | Q(supported_school_id__in=scope.director_schools))


def can_view_designation(user, designation: Designation) -> bool:
    """The predicate of `visible_designations` for one designation (links to it: core.registries.link_for)."""
    scope = scoping.get_scope(user)
    return scope.is_admin or designation.school_id in scope.leader_schools | scope.director_schools or (
        designation.school.municipality_id in scope.municipal_munis)


def can_view_agreement(user, agreement: Agreement) -> bool:
    """The predicate of `visible_agreements` for one agreement."""
    scope = scoping.get_scope(user)
    if scope.is_admin:
        return True
    leader = agreement.designation.school
    return (leader.pk in scope.leader_schools | scope.director_schools
            or agreement.supported_school_id in scope.director_schools
            or leader.municipality_id in scope.municipal_munis
            or agreement.supported_school.municipality_id in scope.municipal_munis)


def can_view_coverage(user) -> bool:
    return scoping.is_municipal_staff(user)


def coverage_schools(user) -> QuerySet[School]:
    """Schools whose statuses and partners the coverage table lists: those of the user's municipalities."""
    scope = scoping.get_scope(user)
    if scope.is_admin:
        return School.objects.all()
    return School.objects.filter(municipality_id__in=scope.municipal_munis)


# ---- what a user manages ------------------------------------------------------------------------


def can_manage_any(user) -> bool:
    """A methodologist of some municipality (or an admin): may give designations and write agreements."""
    return scoping.is_methodologist(user)


def can_manage_school(user, school) -> bool:
    """Designations of this school and the agreements in which it is the leader."""
    return scoping.can_manage_municipality(user, school.municipality_id)


def can_manage_designation(user, designation: Designation) -> bool:
    return can_manage_school(user, designation.school)


def can_manage_agreement(user, agreement: Agreement) -> bool:
    return can_manage_designation(user, agreement.designation)


def designation_schools(user) -> QuerySet[School]:
    """Schools that may be given a designation by this user (the choices of the designation form)."""
    scope = scoping.get_scope(user)
    if scope.is_admin:
        return School.objects.all()
    return School.objects.filter(municipality_id__in=scope.methodologist_munis)


def managed_designations(user) -> QuerySet[Designation]:
    scope = scoping.get_scope(user)
    qs = visible_designations(user)
    return qs if scope.is_admin else qs.filter(school__municipality_id__in=scope.methodologist_munis)


def agreement_designations(user) -> QuerySet[Designation]:
    """Designations a new agreement may be signed under by this user (the choices of the agreement form)."""
    return managed_designations(user).filter(state=Designation.State.ACTIVE)


def partner_schools(user) -> QuerySet[School]:
    """Schools this user may name as the supported school of an agreement."""
    return scoping.visible_schools(user)


def can_choose_partner(user, school) -> bool:
    return scoping.can_view_school(user, school)


# ---- what a user may do with one object now (the buttons of the pages) ----------------------------


def can_edit_designation(user, designation: Designation) -> bool:
    """In any state: an order's scan or a corrected topic may come after the end."""
    return can_manage_designation(user, designation)


def can_terminate_designation(user, designation: Designation) -> bool:
    return designation.is_active and can_manage_designation(user, designation)


def can_add_agreement(user, designation: Designation) -> bool:
    return designation.is_active and can_manage_designation(user, designation)


def can_edit_agreement(user, agreement: Agreement) -> bool:
    return agreement.is_draft and can_manage_agreement(user, agreement)


def can_activate_agreement(user, agreement: Agreement) -> bool:
    return agreement.is_draft and can_manage_agreement(user, agreement)


def can_terminate_agreement(user, agreement: Agreement) -> bool:
    return agreement.is_active and can_manage_agreement(user, agreement)


def designation_actions(user, designation: Designation) -> dict[str, bool]:
    return {"edit": can_edit_designation(user, designation),
            "add_agreement": can_add_agreement(user, designation),
            "terminate": can_terminate_designation(user, designation)}


def agreement_actions(user, agreement: Agreement) -> dict[str, bool]:
    return {"edit": can_edit_agreement(user, agreement),
            "activate": can_activate_agreement(user, agreement),
            "terminate": can_terminate_agreement(user, agreement)}

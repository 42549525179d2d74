"""Who sees, edits, reviews and approves roadmaps (built on accounts.access): the one place for these rules.

- municipal roadmap: every member of the municipality reads it; its methodologists edit it; the head approves;
- nobody approves what they sent: the one who submitted a roadmap does not approve it, the one who sent a progress
  report does not review it (separation of duties, docs/domain.md); the region-wide catalogues (directions, risk
  factors) are written by administrators only;
- school programme: the school's director edits it (and its risk profile), the municipality's methodologists
  edit and review it, the head approves; leader-school staff read the programmes of the schools they support;
- site plan: staff of the leader school / site edit it, methodologists review, the head approves; directors
  of the supported schools read it.
Plan fields change only while a roadmap is a draft or returned; progress may be filed at any time. What a
state allows lives on the models (`Roadmap.is_editable`, `ProgressReport.is_editable`, …); the predicates here
join role and state where a page needs both, and the services check role (403) before state (a message).
Evidence files and comments follow the roadmap: whoever reads the roadmap reads them.
"""

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from accounts import access as scoping
from accounts.models import Role
from partnerships.access import visible_designations
from partnerships.models import Agreement, Designation

from .models import Evidence, Level, ProgressReport, RiskProfile, Roadmap


def _supported_by(leader_schools) -> QuerySet:
    return Agreement.objects.filter(designation__school_id__in=leader_schools,
                                    state=Agreement.State.ACTIVE).values("supported_school_id")


def _leaders_of(director_schools) -> QuerySet:
    return Agreement.objects.filter(supported_school_id__in=director_schools,
                                    state=Agreement.State.ACTIVE).values("designation_id")


# ---- reading ------------------------------------------------------------------------------------

def visible_roadmaps(user) -> QuerySet[Roadmap]:
    scope = scoping.get_scope(user)
    qs = Roadmap.objects.select_related("municipality", "school", "school_year", "designation__kind")
    if scope.is_admin:
        return qs
    if not scope.member_munis:
        return qs.none()
    q = Q(municipality_id__in=scope.municipal_munis) | Q(level=Level.MUNICIPAL,
                                                         municipality_id__in=scope.member_munis)
    if scope.director_schools:
        q |= Q(level=Level.SCHOOL, school_id__in=scope.director_schools)
        q |= Q(level=Level.SITE, designation_id__in=_leaders_of(scope.director_schools))
    if scope.leader_schools:
        q |= Q(school_id__in=scope.leader_schools)  # their school's site plan (and programme, if any)
        q |= Q(level=Level.SCHOOL, school_id__in=_supported_by(scope.leader_schools))
    return qs.filter(q)


def can_view(user, roadmap: Roadmap) -> bool:
    """The predicate of `visible_roadmaps` for one roadmap (asks the database once)."""
    return visible_roadmaps(user).filter(pk=roadmap.pk).exists()


def visible_evidence(user) -> QuerySet[Evidence]:
    """Evidence files a user may download: those of the roadmaps the user reads (others answer 404)."""
    return Evidence.objects.filter(activity__roadmap__in=visible_roadmaps(user))


def can_comment(user, roadmap: Roadmap) -> bool:
    """Everyone who reads a roadmap may discuss its activities."""
    return can_view(user, roadmap)


# ---- carrying out, editing, reviewing --------------------------------------------------------------

def can_manage(user, roadmap: Roadmap) -> bool:
    """Edits the plan (while editable) and files progress (at any time)."""
    scope = scoping.get_scope(user)
    if scope.is_admin or roadmap.municipality_id in scope.methodologist_munis:
        return True
    if roadmap.level == Level.SCHOOL:
        return roadmap.school_id in scope.director_schools
    if roadmap.level == Level.SITE:
        return roadmap.school_id in scope.leader_schools
    return False


def can_edit_plan(user, roadmap: Roadmap) -> bool:
    return roadmap.is_editable and can_manage(user, roadmap)


def can_review(user, roadmap: Roadmap) -> bool:
    """Returns a submitted roadmap or accepts/returns progress reports: methodologists review schools' and
    sites' work, the head also reviews; the municipal roadmap (the methodologists' own) only the head."""
    scope = scoping.get_scope(user)
    if scope.is_admin or roadmap.municipality_id in scope.head_munis:
        return True
    return roadmap.level != Level.MUNICIPAL and roadmap.municipality_id in scope.methodologist_munis


def approves_by_role(user, roadmap: Roadmap) -> bool:
    """The role part of `can_approve`: the head of the roadmap's municipality (or an admin)."""
    scope = scoping.get_scope(user)
    return scope.is_admin or roadmap.municipality_id in scope.head_munis


def is_submitter(user, roadmap: Roadmap) -> bool:
    """Sent it for approval — themselves or through a linked account (accounts.access.acts_for)."""
    return scoping.acts_for(user, roadmap.submitted_by_id)


def approval_refusal(user, roadmap: Roadmap) -> str:
    """Why an approver by role may not approve this roadmap (they sent it for approval themselves), for the page
    and the service to say so; '' when the role does not approve at all or nothing refuses."""
    if approves_by_role(user, roadmap) and is_submitter(user, roadmap):
        if roadmap.submitted_by_id != user.pk:
            return _("Эту дорожную карту отправила на согласование учётная запись, связанная с вашей (одна из них "
                     "запрашивала роль для другой): утверждает её другой руководитель управления образования.")
        return _("Вы сами отправили эту дорожную карту на согласование: утверждает её другой руководитель "
                 "управления образования.")
    return ""


def can_approve(user, roadmap: Roadmap) -> bool:
    """The head approves — never the one who sent this revision for approval (separation of duties)."""
    return approves_by_role(user, roadmap) and not approval_refusal(user, roadmap)


def approvable_roadmaps(user) -> QuerySet[Roadmap]:
    """`can_approve` (for a submitted roadmap) as a queryset, for lists: submitted roadmaps of the user's
    municipalities as head, not sent by the user."""
    scope = scoping.get_scope(user)
    qs = visible_roadmaps(user).filter(status=Roadmap.Status.SUBMITTED).exclude(
        submitted_by_id__in=scoping.linked_user_ids(user))
    return qs if scope.is_admin else qs.filter(municipality_id__in=scope.head_munis)


# ---- progress reports ---------------------------------------------------------------------------

def can_edit_report(user, report: ProgressReport) -> bool:
    """Changes and sends a draft or returned report: those who carry the roadmap out."""
    return report.is_editable and can_manage(user, report.roadmap)


def is_report_sender(user, report: ProgressReport) -> bool:
    return scoping.acts_for(user, report.submitted_by_id)


def report_review_refusal(user, report: ProgressReport) -> str:
    """Why a reviewer of the roadmap may not accept or return this report (they sent it themselves), for the page
    and the service to say so; '' when the user reviews nothing here or nothing refuses."""
    if not (can_review(user, report.roadmap) and is_report_sender(user, report)):
        return ""
    if report.submitted_by_id != user.pk:
        return _("Этот отчёт отправила учётная запись, связанная с вашей (одна из них запрашивала роль для другой): "
                 "принимает или возвращает его другой человек.")
    if report.roadmap.level == Level.MUNICIPAL:  # the methodologists' own roadmap: the head alone reviews it
        return _("Вы сами отправили этот отчёт: принимает или возвращает его начальник управления образования.")
    return _("Вы сами отправили этот отчёт: принимает или возвращает его другой методист или начальник управления "
             "образования.")


def can_review_report(user, report: ProgressReport) -> bool:
    """Accepts or returns a sent report: a reviewer of the roadmap other than the one who sent it."""
    return report.is_submitted and can_review(user, report.roadmap) and not report_review_refusal(user, report)


def reviewable_reports(user) -> QuerySet[ProgressReport]:
    """`can_review_report` as a queryset, for lists: sent reports of the roadmaps the user reviews (`can_review`:
    the head's municipality, the methodologist's except its municipal roadmap), not sent by the user."""
    scope = scoping.get_scope(user)
    qs = ProgressReport.objects.filter(status=ProgressReport.Status.SUBMITTED).exclude(
        submitted_by_id__in=scoping.linked_user_ids(user))
    if scope.is_admin:
        return qs
    return qs.filter(Q(roadmap__municipality_id__in=scope.head_munis) | (
        Q(roadmap__municipality_id__in=scope.methodologist_munis) & ~Q(roadmap__level=Level.MUNICIPAL)))


def reports_left_to_head(user) -> QuerySet[ProgressReport]:
    """The sent reports of the head's municipalities that no methodologist may review, so the head must: those of
    the municipal roadmap, and those a methodologist of the municipality sent (nobody reviews their own)."""
    scope = scoping.get_scope(user)
    sent_by_methodologist = Q(submitted_by__memberships__role=Role.METHODOLOGIST,
                              submitted_by__memberships__municipality_id=F("roadmap__municipality_id"))
    return reviewable_reports(user).filter(roadmap__municipality_id__in=scope.head_munis).filter(
        Q(roadmap__level=Level.MUNICIPAL) | sent_by_methodologist).distinct()


# ---- creating: which levels and owners a user may choose ---------------------------------------------

def can_create(user, level: str) -> bool:
    scope = scoping.get_scope(user)
    if scope.is_admin or scope.methodologist_munis:
        return True
    return (level == Level.SCHOOL and bool(scope.director_schools)) or (
        level == Level.SITE and bool(scope.leader_schools))


def can_start_programme(user, school, school_year) -> bool:
    """Opens the school's programme for the school year: whoever would carry it out (`can_manage`: the school's
    director, the municipality's methodologists), while the school has none for that year (one a year)."""
    draft = Roadmap(level=Level.SCHOOL, school=school, municipality_id=school.municipality_id, school_year=school_year)
    return can_manage(user, draft) and not Roadmap.objects.filter(
        level=Level.SCHOOL, school=school, school_year=school_year).exists()


def can_create_any(user) -> bool:
    return any(can_create(user, level) for level in Level.values)


def creatable_levels(user) -> list[tuple[str, str]]:
    return [(level, label) for level, label in Level.choices if can_create(user, level)]


def owner_municipalities(user) -> QuerySet:
    """Municipalities whose municipal roadmap a user may write: their methodologists'."""
    return scoping.managed_municipalities(user)


def owner_schools(user) -> QuerySet:
    """Schools whose programme a user may write: the director's own, the methodologists' municipality's."""
    return scoping.editable_schools(user)


def owner_designations(user) -> QuerySet[Designation]:
    """Designations (leader school / site) a user may write a plan for: active ones of the methodologists'
    municipality, and the user's own leader school's."""
    scope = scoping.get_scope(user)
    qs = visible_designations(user).filter(state=Designation.State.ACTIVE)
    if scope.is_admin:
        return qs
    return qs.filter(Q(school__municipality_id__in=scope.methodologist_munis) | Q(school_id__in=scope.leader_schools))


# ---- catalogues and risk profiles -------------------------------------------------------------------

def can_manage_catalogues(user) -> bool:
    """Directions and risk factors are region-wide (every municipality's forms show them): administrators only."""
    return scoping.get_scope(user).is_admin


def can_view_risk_profile(user, school) -> bool:
    """The school's private data: municipal staff and the school's own staff."""
    return scoping.can_view_private(user, school)


def can_open_risk_profile(user, profile: RiskProfile) -> bool:
    return can_view_risk_profile(user, profile.school)


def can_open_programme_profile(user, roadmap: Roadmap) -> bool:
    """The risk profile a school programme links to (the school's private data: leader-school staff who read the
    programme of a school they support do not see it)."""
    return roadmap.school_id is not None and can_view_risk_profile(user, roadmap.school)


def visible_risk_profiles(user) -> QuerySet[RiskProfile]:
    return RiskProfile.objects.filter(school__in=scoping.private_schools(user))


def can_edit_risk_profile(user, school, school_year=None) -> bool:
    """The municipality's methodologists always; the school's director while the school's programme of that year
    is a draft or returned (or not yet made). Without a year: the role alone (may the user fill profiles at all)."""
    if not scoping.can_edit_school(user, school):
        return False
    if school_year is None or scoping.can_manage_municipality(user, school.municipality_id):
        return True
    programme = Roadmap.objects.filter(level=Level.SCHOOL, school=school, school_year=school_year).first()
    return programme is None or programme.is_editable

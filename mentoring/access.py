"""Who sees and changes the methodical work with teachers: the one place for these rules (built on accounts.access and
the partnerships' agreements).

- Teachers' personal data (results of their classes, diagnostics, routes, courses, the teacher's page): the
  school's private scope — methodologists and heads of the municipality, the school's director and staff
  (`scoping.private_schools`). Staff of a leader school / site also see the *names, schools and subjects* of the
  teachers of the schools they support under an active agreement — what choosing participants and mentees needs,
  nothing more (`teacher_detail_schools`).
- A teacher's details where events, pairs and communities show them (name, attendance, rating and feedback, the
  pair's goals): the same schools (`teacher_detail_schools`), plus every participant of an event or pair the user
  organises. Anyone else sees a count or «педагог другой школы» (`TeacherDetails`, `visible_participations`).
- Diagnostics, routes, courses and teaching assignments are changed by those who change the school's private data:
  the municipality's methodologists and the school's director (`scoping.can_edit_private`).
- Events and pairs: methodologists log any of their municipality; leader-school staff log them only for their own
  designations and the agreements signed under them (the partnerships' rules: `partnerships.access`). Directors and
  heads read those touching their schools / municipality; a participant's director records feedback.
- Communities: every member of the municipality reads them (name, subject, number of members); member names follow the
  teachers' rule; methodologists manage them.
- Coverage and the list of teachers with low results: municipal staff for their municipalities; a director sees
  their own school's rows.
Lookups through the visible querysets make a foreign object answer 404; a visible object the user may not change 403.
"""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts import access as scoping
from partnerships.access import visible_agreements, visible_designations
from partnerships.models import Agreement, Designation
from schools.models import Municipality, School, Teacher

from .models import Community, Course, DevelopmentRoute, Diagnostic, Event, MentoringPair, Participation

# ---- teachers -----------------------------------------------------------------------------------------


def supported_school_ids(leader_schools) -> QuerySet:
    """Schools supported under an active agreement by these leader schools (a subquery of ids)."""
    return Agreement.objects.filter(designation__school_id__in=leader_schools,
                                    state=Agreement.State.ACTIVE).values("supported_school_id")


def teacher_detail_schools(user) -> QuerySet[School]:
    """Schools whose teachers' names, schools and subjects the user may see (choosing participants, mentees), and
    their attendance, feedback and pairs: the private scope and, for leader-school staff, the schools their active
    agreements support. `TeacherDetails` is the same rule for teachers already loaded."""
    scope = scoping.get_scope(user)
    if scope.is_admin:
        return School.objects.all()
    q = Q(pk__in=scoping.private_schools(user).values("pk"))
    if scope.leader_schools:
        q |= Q(pk__in=supported_school_ids(scope.leader_schools))
    return School.objects.filter(q)


def brief_teachers(user) -> QuerySet[Teacher]:
    return Teacher.objects.filter(school__in=teacher_detail_schools(user)).select_related("school")


def visible_teachers(user) -> QuerySet[Teacher]:
    """Teachers whose page (results, diagnostics, route, courses) the user may open."""
    return Teacher.objects.filter(school__in=scoping.private_schools(user)).select_related("school__municipality")


def can_view_teacher(user, teacher: Teacher) -> bool:
    return scoping.can_view_private(user, teacher.school)


def can_edit_teacher(user, teacher: Teacher) -> bool:
    """Diagnostics, routes, courses and teaching assignments of this teacher."""
    return scoping.can_edit_private(user, teacher.school)


def editable_teacher_schools(user) -> QuerySet[School]:
    return scoping.editable_schools(user, scoping.private_schools(user))


def can_edit_any_teacher(user) -> bool:
    """Methodologists and directors (admins): they enter load, diagnostics, routes and courses of some teachers."""
    scope = scoping.get_scope(user)
    return scope.is_admin or bool(scope.methodologist_munis or scope.director_schools)


# ---- events ---------------------------------------------------------------------------------------------


def visible_events(user) -> QuerySet[Event]:
    scope = scoping.get_scope(user)
    qs = Event.objects.select_related("kind", "municipality", "designation__school", "designation__kind")
    if scope.is_admin:
        return qs
    if not scope.member_munis:
        return qs.none()
    q = Q(municipality_id__in=scope.municipal_munis)
    own = scope.director_schools | scope.leader_schools
    if own:
        targeted = Event.target_schools.through.objects.filter(school_id__in=own).values("event_id")
        q |= Q(pk__in=targeted) | Q(designation__school_id__in=own)
    return qs.filter(q)


def can_view_event(user, event: Event) -> bool:
    """The predicate of `visible_events` for one event (its target schools read once, or from a prefetch)."""
    scope = scoping.get_scope(user)
    if scope.is_admin or event.municipality_id in scope.municipal_munis:
        return True
    own = scope.director_schools | scope.leader_schools
    if not own:
        return False
    if event.designation_id is not None and event.designation.school_id in own:
        return True
    return any(s.pk in own for s in event.target_schools.all())


def can_manage_event(user, event: Event) -> bool:
    """Edits the event, its participants, attendance and materials."""
    scope = scoping.get_scope(user)
    if scope.is_admin or event.municipality_id in scope.methodologist_munis:
        return True
    return event.designation_id is not None and event.designation.school_id in scope.leader_schools


def managed_events(user) -> QuerySet[Event]:
    """The queryset of `can_manage_event`: events the user organises."""
    scope = scoping.get_scope(user)
    qs = visible_events(user)
    if scope.is_admin:
        return qs
    return qs.filter(Q(municipality_id__in=scope.methodologist_munis)
                     | Q(designation__school_id__in=scope.leader_schools))


def event_designations(user) -> QuerySet[Designation]:
    """Designations a user may log events (and pairs) for: their own leader school's active ones; methodologists:
    the active ones of their municipality."""
    scope = scoping.get_scope(user)
    qs = visible_designations(user).filter(state=Designation.State.ACTIVE)
    if scope.is_admin:
        return qs
    return qs.filter(Q(school__municipality_id__in=scope.methodologist_munis) | Q(school_id__in=scope.leader_schools))


def event_agreements(user) -> QuerySet[Agreement]:
    """Active agreements under those designations: the leader-school staff's reach."""
    return visible_agreements(user).filter(state=Agreement.State.ACTIVE, designation__in=event_designations(user))


def can_log_events(user) -> bool:
    scope = scoping.get_scope(user)
    return scope.is_admin or bool(scope.methodologist_munis) or (
        bool(scope.leader_schools) and event_designations(user).exists())


def event_municipalities(user):
    return scoping.managed_municipalities(user)


def event_target_schools(user, designation: Designation | None = None) -> QuerySet[School]:
    """Schools an event may be addressed to: a methodologist's municipality; a leader school's supported schools
    (under the designation's active agreements when one is chosen)."""
    scope = scoping.get_scope(user)
    if scope.is_admin:
        qs = School.objects.all()
    else:
        q = Q(municipality_id__in=scope.methodologist_munis)
        if scope.leader_schools:
            agreements = event_agreements(user)
            if designation is not None:
                agreements = agreements.filter(designation=designation)
            q |= Q(pk__in=agreements.values("supported_school_id"))
        qs = School.objects.filter(q)
    return qs.filter(is_active=True)


def can_record_feedback(user, participation: Participation) -> bool:
    """The participant's director or the organiser."""
    scope = scoping.get_scope(user)
    return participation.teacher.school_id in scope.director_schools or can_manage_event(user, participation.event)


# ---- teachers' details in events, pairs and communities ----------------------------------------------------

OTHER_SCHOOL_TEACHER = _("педагог другой школы")


class TeacherDetails:
    """Whose details one user sees where a teacher appears beside others (events, pairs, communities): the rule of
    `teacher_detail_schools` on teachers loaded with their school, plus everyone in an event or pair the user
    organises (`within`). At most one query (the schools a leader school supports), however many teachers."""

    def __init__(self, user):
        self.user = user
        self.scope = scoping.get_scope(user)
        self._supported: frozenset | None = None

    def _supported_ids(self) -> frozenset:
        if self._supported is None:
            self._supported = frozenset(supported_school_ids(self.scope.leader_schools).values_list(
                "supported_school_id", flat=True)) if self.scope.leader_schools else frozenset()
        return self._supported

    def shows(self, teacher: Teacher, within: Event | MentoringPair | None = None) -> bool:
        scope = self.scope
        if scope.is_admin or teacher.school_id in scope.own_schools:
            return True
        if scope.municipal_munis and teacher.school.municipality_id in scope.municipal_munis:
            return True
        if isinstance(within, Event) and can_manage_event(self.user, within):
            return True
        if isinstance(within, MentoringPair) and can_manage_pair(self.user, within):
            return True
        return teacher.school_id in self._supported_ids()

    def shown_participations(self, event: Event, participations) -> set[int]:
        """Ids of the participations whose teacher the user sees; the rest are counted only."""
        return {p.pk for p in participations if self.shows(p.teacher, event)}

    def shown_in_pairs(self, pairs) -> tuple[set[int], set[int]]:
        """Ids of the pairs whose mentor, and of those whose mentee, the user sees."""
        pairs = list(pairs)
        return ({p.pk for p in pairs if self.shows(p.mentor, p)}, {p.pk for p in pairs if self.shows(p.mentee, p)})


def visible_participations(user) -> QuerySet[Participation]:
    """Participations listed one by one (API): those of the visible events whose teacher the user sees, and all of
    the events the user organises; the others are only counted on the event."""
    qs = Participation.objects.filter(event__in=visible_events(user))
    if scoping.get_scope(user).is_admin:
        return qs
    return qs.filter(Q(teacher__school__in=teacher_detail_schools(user)) | Q(event__in=managed_events(user)))


# ---- mentoring pairs --------------------------------------------------------------------------------------


def visible_pairs(user) -> QuerySet[MentoringPair]:
    scope = scoping.get_scope(user)
    qs = MentoringPair.objects.select_related("mentor__school", "mentee__school", "subject",
                                              "agreement__designation__school")
    if scope.is_admin:
        return qs
    if not scope.member_munis:
        return qs.none()
    q = Q(mentee__school__municipality_id__in=scope.municipal_munis) | Q(
        mentor__school__municipality_id__in=scope.municipal_munis)
    if scope.director_schools:
        q |= Q(mentee__school_id__in=scope.director_schools) | Q(mentor__school_id__in=scope.director_schools)
    if scope.leader_schools:
        q |= Q(mentor__school_id__in=scope.leader_schools) | Q(
            agreement__designation__school_id__in=scope.leader_schools)
    return qs.filter(q)


def can_view_pair(user, pair: MentoringPair) -> bool:
    """The predicate of `visible_pairs` for one pair (no query with the teachers' schools loaded)."""
    scope = scoping.get_scope(user)
    if scope.is_admin:
        return True
    mentor, mentee = pair.mentor.school, pair.mentee.school
    if {mentor.municipality_id, mentee.municipality_id} & scope.municipal_munis:
        return True
    if {mentor.pk, mentee.pk} & scope.director_schools or mentor.pk in scope.leader_schools:
        return True
    return pair.agreement_id is not None and pair.agreement.designation.school_id in scope.leader_schools


def can_manage_pair(user, pair: MentoringPair) -> bool:
    """Methodologists of the mentee's municipality; staff of the leader school whose agreement the pair works under."""
    scope = scoping.get_scope(user)
    if scope.is_admin or pair.mentee.school.municipality_id in scope.methodologist_munis:
        return True
    return pair.agreement_id is not None and pair.agreement.designation.school_id in scope.leader_schools


def can_log_pairs(user) -> bool:
    return can_log_events(user)


def pair_allowed(user, *, mentor: Teacher, mentee: Teacher, agreement: Agreement | None) -> str | None:
    """Why this user may not record this pair (None: may). The leader-school rule: under one of their agreements,
    the mentor from the leader school, the mentee from the supported school."""
    scope = scoping.get_scope(user)
    if scope.is_admin:
        return None
    if mentee.school.municipality_id in scope.methodologist_munis and (
            scoping.can_view_school(user, mentor.school)):
        return None
    if agreement is None or not event_agreements(user).filter(pk=agreement.pk).exists():
        return "agreement"
    if mentor.school_id != agreement.designation.school_id:
        return "mentor"
    if mentee.school_id != agreement.supported_school_id:
        return "mentee"
    return None


# ---- diagnostics, routes, courses -----------------------------------------------------------------------


def visible_diagnostics(user) -> QuerySet[Diagnostic]:
    return Diagnostic.objects.filter(teacher__school__in=scoping.private_schools(user))


def visible_routes(user) -> QuerySet[DevelopmentRoute]:
    return DevelopmentRoute.objects.filter(teacher__school__in=scoping.private_schools(user))


def visible_courses(user) -> QuerySet[Course]:
    return Course.objects.filter(teacher__school__in=scoping.private_schools(user))


def can_import_files(user) -> bool:
    """The diagnostics and teaching-load files on the import page: methodologists, as every file of the import page
    (rows are checked against the schools whose teachers they change); directors enter their teachers' load and
    diagnostics on the teacher's page."""
    return scoping.is_methodologist(user)


# ---- communities -------------------------------------------------------------------------------------------


def visible_communities(user) -> QuerySet[Community]:
    scope = scoping.get_scope(user)
    qs = Community.objects.select_related("municipality", "subject")
    return qs if scope.is_admin else qs.filter(municipality_id__in=scope.member_munis)


def can_view_community(user, community: Community) -> bool:
    scope = scoping.get_scope(user)
    return scope.is_admin or community.municipality_id in scope.member_munis


def can_manage_community(user, community: Community) -> bool:
    return scoping.can_manage_municipality(user, community.municipality_id)


def can_create_community(user) -> bool:
    return scoping.is_methodologist(user)


# ---- municipality-wide pages ---------------------------------------------------------------------------------


def can_view_coverage(user) -> bool:
    return scoping.is_municipal_staff(user)


def coverage_schools(user) -> QuerySet[School]:
    scope = scoping.get_scope(user)
    if scope.is_admin:
        return School.objects.all()
    return School.objects.filter(municipality_id__in=scope.municipal_munis)


def can_view_low_results(user) -> bool:
    scope = scoping.get_scope(user)
    return scope.is_admin or bool(scope.municipal_munis or scope.director_schools)


def low_results_schools(user) -> QuerySet[School]:
    scope = scoping.get_scope(user)
    if scope.is_admin:
        return School.objects.all()
    return School.objects.filter(Q(municipality_id__in=scope.municipal_munis) | Q(pk__in=scope.director_schools))


def low_results_own_schools(user, municipality_id: int) -> QuerySet[School]:
    """The schools of this municipality whose list a director reads; empty for those who read the whole municipality
    (the page is then titled with the municipality, otherwise with these schools)."""
    scope = scoping.get_scope(user)
    if scope.is_admin or municipality_id in scope.municipal_munis:
        return School.objects.none()
    return School.objects.filter(pk__in=scope.director_schools, municipality_id=municipality_id)


def low_results_municipalities(user):
    """Municipalities whose list the user reads: municipal staff's own, a director's school's."""
    scope = scoping.get_scope(user)
    if scope.is_admin:
        return Municipality.objects.all()
    return Municipality.objects.filter(Q(pk__in=scope.municipal_munis) | Q(schools__pk__in=scope.director_schools)
                                       ).distinct()


def can_edit_rule(user, municipality_id: int) -> bool:
    return scoping.can_manage_municipality(user, municipality_id)


def can_use_mentoring(user) -> bool:
    """The menu entry: anyone with a role in a municipality."""
    scope = scoping.get_scope(user)
    return scope.is_admin or bool(scope.member_munis)

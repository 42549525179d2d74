"""E-mails of the roadmap workflow and the daily digest of activities due soon or overdue."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Role, User
from accounts.selectors import member_emails
from core.formats import ru_date
from core.mail import send_after_commit

from .models import Activity, DigestLog, Level, Roadmap

DIGEST_DAYS = 7


def _url(obj) -> str:
    return settings.PORTAL_URL + obj.get_absolute_url()


def executors(roadmap: Roadmap) -> set[str]:
    """Those who carry the roadmap out: methodologists (municipal), the director (school), the site's staff."""
    if roadmap.level == Level.MUNICIPAL:
        return member_emails(Q(role=Role.METHODOLOGIST, municipality_id=roadmap.municipality_id))
    role = Role.SCHOOL_DIRECTOR if roadmap.level == Level.SCHOOL else Role.LEADER_STAFF
    return member_emails(Q(role=role, school_id=roadmap.school_id))


def executed_by(scope) -> Q:
    """The roadmaps whose executors (above) include a user of this scope (`accounts.access.get_scope`): the
    municipal roadmaps of their methodologists' municipalities, their directors' programmes, their leader schools'
    plans. The start page shows these roadmaps' state, due activities and reports to file."""
    return (Q(level=Level.MUNICIPAL, municipality_id__in=scope.methodologist_munis)
            | Q(level=Level.SCHOOL, school_id__in=scope.director_schools)
            | Q(level=Level.SITE, school_id__in=scope.leader_schools))


def reviewers(roadmap: Roadmap) -> set[str]:
    roles = [Role.DEPARTMENT_HEAD] if roadmap.level == Level.MUNICIPAL else [Role.METHODOLOGIST,
                                                                              Role.DEPARTMENT_HEAD]
    return member_emails(Q(role__in=roles, municipality_id=roadmap.municipality_id))


def _send(subject: str, body: str, to) -> None:
    send_after_commit(subject, body, to)


def _who(user) -> str:
    return user.display_name if user else _("система")


def submitted(roadmap: Roadmap, actor) -> None:
    _send(_("На согласование: %(t)s") % {"t": roadmap.title},
          _("%(who)s отправил(а) на согласование «%(t)s» (%(o)s, редакция %(r)s).\n\nОткрыть: %(url)s") % {
              "who": _who(actor), "t": roadmap.title, "o": roadmap.owner_name, "r": roadmap.revision,
              "url": _url(roadmap)}, reviewers(roadmap))


def returned(roadmap: Roadmap, actor, comment: str) -> None:
    _send(_("Возвращена на доработку: %(t)s") % {"t": roadmap.title},
          _("%(who)s вернул(а) «%(t)s» на доработку.\n\nЗамечания:\n%(c)s\n\nОткрыть: %(url)s") % {
              "who": _who(actor), "t": roadmap.title, "c": comment, "url": _url(roadmap)}, executors(roadmap))


def approved(roadmap: Roadmap, actor) -> None:
    _send(_("Утверждена: %(t)s") % {"t": roadmap.title},
          _("«%(t)s» утверждена приказом № %(n)s от %(d)s (редакция %(r)s).\n\nОткрыть: %(url)s") % {
              "t": roadmap.title, "n": roadmap.order_number, "d": ru_date(roadmap.order_date),
              "r": roadmap.revision, "url": _url(roadmap)}, executors(roadmap) | reviewers(roadmap))


def report_submitted(report, actor) -> None:
    roadmap = report.roadmap
    _send(_("Отчёт на проверку: %(t)s, %(p)s") % {"t": roadmap.owner_name, "p": report.label},
          _("%(who)s отправил(а) отчёт о ходе выполнения «%(t)s» за %(p)s.\n\nОткрыть: %(url)s") % {
              "who": _who(actor), "t": roadmap.title, "p": report.label, "url": _url(report)}, reviewers(roadmap))


def report_reviewed(report, actor) -> None:
    accepted = report.status == report.Status.ACCEPTED
    subject = _("Отчёт принят: %(p)s") if accepted else _("Отчёт возвращён на доработку: %(p)s")
    body = _("Отчёт о ходе выполнения «%(t)s» за %(p)s %(what)s.%(c)s\n\nОткрыть: %(url)s") % {
        "t": report.roadmap.title, "p": report.label, "what": _("принят") if accepted else _("возвращён на доработку"),
        "c": f"\n\n{_('Замечания')}:\n{report.review_comment}" if report.review_comment else "", "url": _url(report)}
    to = executors(report.roadmap) | ({report.submitted_by.email} if report.submitted_by else set())
    _send(subject % {"p": report.label}, body, to)


# ---- the daily digest ------------------------------------------------------------------------------

def in_force() -> Q:
    """Roadmaps whose activities are being carried out: approved, or approved earlier and now being revised."""
    return Q(roadmap__status=Roadmap.Status.APPROVED) | Q(roadmap__revision__gt=1)


def due_activities(today: datetime.date) -> QuerySet[Activity]:
    """What the digest tells about (and the start page shows): open activities of roadmaps in force, overdue or due
    within DIGEST_DAYS days."""
    return Activity.objects.filter(in_force(), status__in=Activity.OPEN,
                                   due__lte=today + datetime.timedelta(days=DIGEST_DAYS))


def digest_recipients(activities: list[Activity]) -> dict[int, list[Activity]]:
    """user id → activities they should hear about: the responsible user and the roadmap's executors."""
    munis = {a.roadmap.municipality_id for a in activities if a.roadmap.level == Level.MUNICIPAL}
    schools = {a.roadmap.school_id for a in activities if a.roadmap.school_id}
    members = Membership.objects.filter(
        Q(role=Role.METHODOLOGIST, municipality_id__in=munis)
        | Q(role__in=[Role.SCHOOL_DIRECTOR, Role.LEADER_STAFF], school_id__in=schools),
        user__is_active=True).values_list("user_id", "role", "municipality_id", "school_id")
    by_muni, by_school = defaultdict(set), defaultdict(set)
    for user_id, role, muni_id, school_id in members:
        if role == Role.METHODOLOGIST:
            by_muni[muni_id].add(user_id)
        else:
            by_school[(role, school_id)].add(user_id)
    out: dict[int, list[Activity]] = defaultdict(list)
    for a in activities:
        r = a.roadmap
        if r.level == Level.MUNICIPAL:
            users = set(by_muni[r.municipality_id])
        else:
            role = Role.SCHOOL_DIRECTOR if r.level == Level.SCHOOL else Role.LEADER_STAFF
            users = set(by_school[(role, r.school_id)])
        if a.responsible_user_id:
            users.add(a.responsible_user_id)
        for user_id in users:
            out[user_id].append(a)
    return out


def _digest_body(activities: list[Activity], today: datetime.date) -> str:
    overdue = [a for a in activities if a.due < today]
    soon = [a for a in activities if a.due >= today]
    lines = []
    for title, group in ((_("Просрочены"), overdue), (_("Срок в ближайшие 7 дней"), soon)):
        if group:
            lines.append(f"{title}:")
            lines += [f"  • {a.roadmap.owner_name}: {a.number}. {a.title} — {_('срок')} {a.due:%d.%m.%Y}\n"
                      f"    {_url(a)}" for a in sorted(group, key=lambda a: (a.due, a.pk))]
            lines.append("")
    return "\n".join(lines)


def send_digest(today: datetime.date | None = None) -> dict:
    """Once per user per day (DigestLog): running the task again the same day sends nothing new."""
    today = today or timezone.localdate()
    activities = list(due_activities(today).select_related("roadmap__school", "roadmap__municipality"))
    by_user = digest_recipients(activities)
    already = set(DigestLog.objects.filter(day=today, user_id__in=by_user).values_list("user_id", flat=True))
    users = {u.pk: u for u in User.objects.filter(pk__in=set(by_user) - already, is_active=True)}
    sent = 0
    for user_id, user in users.items():
        items = by_user[user_id]
        overdue = sum(1 for a in items if a.due < today)
        try:
            with transaction.atomic():
                DigestLog.objects.create(user=user, day=today, activities=len(items))
                send_after_commit(_("Мероприятия дорожных карт: просрочено %(o)s, срок в ближайшие 7 дней — %(s)s") % {
                    "o": overdue, "s": len(items) - overdue}, _digest_body(items, today), [user.email])
        except IntegrityError:  # another worker sent it a moment ago
            continue
        sent += 1
    return {"activities": len(activities), "sent": sent, "skipped": len(already)}

"""A roadmap's plan as plain data (what a revision keeps) and the human-readable difference of two plans."""

from django.utils.translation import gettext as _

from core.formats import ru_date

from .models import Activity, Roadmap

HEADER_FIELDS = (("title", _("Название")), ("goal", _("Цель")), ("tasks", _("Задачи")),
                 ("period", _("Период")))
ACTIVITY_FIELDS = (("title", _("мероприятие")), ("direction", _("направление")), ("risk_factor", _("фактор риска")),
                   ("start", _("начало")), ("due", _("срок исполнения")), ("responsible", _("ответственные")),
                   ("executors", _("исполнители")), ("expected_result", _("ожидаемый результат")),
                   ("indicator", _("целевой показатель")), ("target_value", _("целевое значение")))


def activity_plan(a: Activity) -> dict:
    return {"number": a.number, "title": a.title, "direction": a.direction.name,
            "risk_factor": a.risk_factor.name if a.risk_factor_id else "", "start": ru_date(a.start),
            "due": ru_date(a.due),
            "responsible": a.responsible, "executors": a.executors, "expected_result": a.expected_result,
            "indicator": a.indicator, "target_value": a.target_value}


def plan_of(roadmap: Roadmap) -> dict:
    activities = roadmap.activities.select_related("direction", "risk_factor", "responsible_user").order_by(
        "direction__ordering", "number")
    return {"title": roadmap.title, "goal": roadmap.goal, "tasks": roadmap.tasks,
            "period": f"{ru_date(roadmap.period_start)} – {ru_date(roadmap.period_end)}",
            "activities": [activity_plan(a) for a in activities]}


def _short(text: str, limit: int = 80) -> str:
    text = str(text or "—")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def changes(old: dict | None, new: dict) -> list[str]:
    """What changed from the previous revision, one line per change (the first revision: nothing)."""
    if not old:
        return []
    out = []
    for key, label in HEADER_FIELDS:
        if old.get(key) != new.get(key):
            out.append(_("%(f)s: «%(o)s» → «%(n)s»") % {"f": label, "o": _short(old.get(key)),
                                                       "n": _short(new.get(key))})
    before = {a["number"]: a for a in old.get("activities", [])}
    after = {a["number"]: a for a in new.get("activities", [])}
    for number in sorted(after.keys() - before.keys()):
        out.append(_("Добавлено мероприятие %(n)s «%(t)s»") % {"n": number, "t": _short(after[number]["title"])})
    for number in sorted(before.keys() - after.keys()):
        out.append(_("Исключено мероприятие %(n)s «%(t)s»") % {"n": number, "t": _short(before[number]["title"])})
    for number in sorted(before.keys() & after.keys()):
        a, b = before[number], after[number]
        diffs = [_("%(f)s: «%(o)s» → «%(n)s»") % {"f": label, "o": _short(a.get(key), 60), "n": _short(b.get(key), 60)}
                 for key, label in ACTIVITY_FIELDS if a.get(key) != b.get(key)]
        if diffs:
            out.append(_("Мероприятие %(n)s «%(t)s»: %(d)s") % {"n": number, "t": _short(b["title"], 60),
                                                              "d": "; ".join(diffs)})
    return out

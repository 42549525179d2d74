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
    return {"id": a.pk, "number": a.number, "title": a.title, "direction": a.direction.name,
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
    # an activity is the same one by its id (numbers follow the plan order and shift when one is added or
    # removed); revisions kept before ids were stored are matched by number
    old_acts, new_acts = old.get("activities", []), new.get("activities", [])
    by_id = all("id" in a for a in old_acts + new_acts)

    def ident(a):
        return a["id"] if by_id else a["number"]

    before, after = {ident(a): a for a in old_acts}, {ident(a): a for a in new_acts}
    for key in sorted(after.keys() - before.keys(), key=lambda k: after[k]["number"]):
        out.append(_("Добавлено мероприятие %(n)s «%(t)s»") % {"n": after[key]["number"],
                                                               "t": _short(after[key]["title"])})
    for key in sorted(before.keys() - after.keys(), key=lambda k: before[k]["number"]):
        out.append(_("Исключено мероприятие %(n)s «%(t)s»") % {"n": before[key]["number"],
                                                               "t": _short(before[key]["title"])})
    for key in sorted(before.keys() & after.keys(), key=lambda k: after[k]["number"]):
        a, b = before[key], after[key]
        diffs = [_("%(f)s: «%(o)s» → «%(n)s»") % {"f": label, "o": _short(a.get(f), 60), "n": _short(b.get(f), 60)}
                 for f, label in ACTIVITY_FIELDS if a.get(f) != b.get(f)]
        if a["number"] != b["number"]:
            diffs.insert(0, _("№ %(o)s → %(n)s") % {"o": a["number"], "n": b["number"]})
        if diffs:
            out.append(_("Мероприятие %(n)s «%(t)s»: %(d)s") % {"n": b["number"], "t": _short(b["title"], 60),
                                                              "d": "; ".join(diffs)})
    return out

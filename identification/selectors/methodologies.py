"""Reads of methodologies: their decision rules and the methodology page's explanation in plain Russian."""

from django.utils import timezone

from core.formats import school_year_name, school_year_of

from ..criteria import RunContext, get_kind
from ..criteria.window import data_window
from ..methodology import DEFAULT_SAMPLE
from ..models import Methodology, Status

STATUS_LABELS = dict(Status.choices)


def rules_of(rules: dict) -> list[tuple[str, dict]]:
    """A methodology's decision rules with the status's label: [("ШНОР", {"criteria": […], "min_met": 2}), …]."""
    return [(STATUS_LABELS.get(status, status), rule) for status, rule in rules.items()]


def methodology_rules(methodology: Methodology) -> list[tuple[str, dict, list[str]]]:
    """Rules of a methodology with the names of their criteria ("C1: title")."""
    titles = {c["code"]: c["title"] for c in methodology.criteria}
    return [(label, rule, [f"{code}: {titles.get(code, code)}" for code in rule["criteria"]])
            for label, rule in rules_of(methodology.rules)]


def methodology_in_words(methodology: Methodology, *, today=None) -> dict:
    """The methodology page's plain-Russian explanation, built from the methodology's own numbers: the years read,
    each criterion (what is compared, the small-sample and tie rules, when it is met), the decision rules."""
    from ..criteria.base import plural

    sample = {**DEFAULT_SAMPLE, **(methodology.sample or {})}
    year = school_year_of(today or timezone.localdate())
    first, last = data_window(methodology.criteria, year)
    # the estimated kinds pool every class, however small (criteria/estimates.py): the rule below is not theirs
    pooled = [c["code"] for c in methodology.criteria if getattr(get_kind(c["kind"]), "computed", False)]
    except_pooled = f", кроме {', '.join(pooled)}," if pooled else ""
    years = [
        f"Список на учебный год утверждается в его начале, поэтому строится только по результатам прошедших лет. "
        f"Например, список на {school_year_name(year)} учебный год читает результаты с {school_year_name(first)} по "
        f"{school_year_name(last)}: результатов {school_year_name(year)} к началу года ещё нет.",
        f"Результат класса, где участников меньше {sample['min_participants']}, ни в одном критерии{except_pooled} "
        f"не оценивается и не учитывается ни у самой школы, ни среди школ для сравнения; на странице «почему» он "
        f"показан как неоценённый. Результаты, где участников меньше {sample['reliable_participants']}, "
        f"учитываются, но помечаются как ненадёжные (малая выборка).",
    ]
    if pooled:
        years.append(f"В критериях {', '.join(pooled)} результаты всех классов, даже самых маленьких, складываются "
                     f"за несколько лет: малую выборку там учитывает поправка на надёжность, а не отбрасывание "
                     f"результата. Школами региона там считаются все действующие школы региона, у которых за эти "
                     f"годы есть хотя бы один результат с участниками.")
    criteria = []
    for c in methodology.criteria:
        kind = get_kind(c["kind"])
        ctx = RunContext(year=last, region_id=0, municipality_id=None)
        span = last - kind.first_year(ctx, c["params"]) + 1
        window = (f"Годы: {school_year_name(last)}" if span == 1 else
                  f"Годы: последние {span} {plural(span, 'год', 'года', 'лет')} (для списка на "
                  f"{school_year_name(year)} — с {school_year_name(last - span + 1)} по {school_year_name(last)})")
        criteria.append({"code": c["code"], "title": c["title"], "kind": kind, "window": window,
                         "paragraphs": kind.plain(c["params"], sample)})
    titles = {c["code"]: c["title"] for c in methodology.criteria}
    rules = []
    for label, rule in rules_of(methodology.rules):
        names = ", ".join(f"{code} («{titles.get(code, code)}»)" for code in rule["criteria"])
        total, need = len(rule["criteria"]), rule["min_met"]
        condition = (f"выполнен критерий {names}" if total == 1 else
                     f"выполнены не меньше {need} из {total} критериев: {names}")
        rules.append(f"{label}: школа предлагается в список, если {condition}. «Недостаточно данных» не считается "
                     f"выполненным критерием.")
    if rules:
        rules.append("Если для статуса ни один критерий его правила не удалось применить (по каждому — «недостаточно "
                     "данных»), школа для этого статуса не оценена: в список она не предлагается, но и не считается "
                     "благополучной. На странице расчёта такие школы собраны отдельно, а на странице «почему» "
                     "названа причина по каждому критерию.")
    rules.append("Критерии «только сигнал» не включают школу в список: они отмечают её для проверки. Предложенный "
                 "список методист может изменить по каждой школе с обоснованием; утверждённый список публикуется "
                 "с номером и датой приказа.")
    return {"years": years, "criteria": criteria, "rules": rules}

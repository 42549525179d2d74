"""A methodology as data: its criteria, decision rules and small-sample rule, validated as a whole."""

import copy

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .criteria import get_kind, validate_params
from .criteria.social_disadvantage import DEFAULT_DISADVANTAGE_PARAMS
from .models import Status

DEFAULT_SAMPLE = {"min_participants": 10, "reliable_participants": 20}

# The methodology new versions start from (the data migration 0010 seeds it as «default» version 4; versions 1–3,
# seeded by 0002, 0004 and 0005, stay as they were for the runs that used them). Every result criterion pools the
# school's three years, grades and classes and judges it with its certainty (criteria/estimates.py): a small
# school gets a wider interval, not «нет данных».
WINDOW = {"window_years": 3, "min_pupils": 10}
CERTAINTY = {"level_pct": 90.0, **WINDOW}
DEFAULT_CRITERIA = [
    {"code": "C1", "kind": "failing_estimate", "title": "Доля «2» по ВПР, ОГЭ и ЕГЭ за три года",
     "params": {"threshold_pct": 30.0, "procedures": ["vpr", "oge", "ege"], **CERTAINTY}},
    {"code": "C2", "kind": "score_estimate", "title": "ВПР, математика: нижние 10 % школ региона",
     "params": {"procedure": "vpr", "subject": "math", "bottom_pct": 10.0, **CERTAINTY}},
    {"code": "C3", "kind": "score_estimate", "title": "ВПР, русский язык: нижние 10 % школ региона",
     "params": {"procedure": "vpr", "subject": "russian", "bottom_pct": 10.0, **CERTAINTY}},
    {"code": "C4", "kind": "score_estimate", "title": "ОГЭ, математика: нижние 10 % школ региона",
     "params": {"procedure": "oge", "subject": "math", "bottom_pct": 10.0, **CERTAINTY}},
    # ВПР and ОГЭ both carry the comparison with the journal (annual) marks; each is judged on its own
    {"code": "C5", "kind": "objectivity", "title": "Объективность оценивания: сравнение с журналом (ВПР, ОГЭ)",
     "params": {"min_confirmed_pct": 50.0, "min_raised_pct": 15.0, "procedures": ["vpr", "oge"]}},
    # ШССУ by the presence of disadvantage: absolute thresholds, each with its reason (criteria/social_disadvantage.py)
    {"code": "C6", "kind": "social_disadvantage", "title": "Социальное неблагополучие и ресурсные дефициты",
     "params": copy.deepcopy(DEFAULT_DISADVANTAGE_PARAMS)},
    # shown beside the absolute results on every why page; not in the ШНОР rule (a methodology may add it)
    {"code": "C7", "kind": "similar_schools", "title": "Результаты ниже сопоставимых школ",
     "params": {"procedures": ["vpr", "oge"], "group_size": 20, "margin_sd": 1.0, "require_low": "no",
                "bottom_pct": 10.0, **CERTAINTY}},
    {"code": "C8", "kind": "unconfirmed_high", "title": "Объективность: высокие ВПР не подтверждаются ОГЭ",
     "params": {"top_pct": 10.0, **WINDOW}},
    {"code": "C9", "kind": "task_pattern", "title": "Объективность: базовые задания ВПР хуже, сложные лучше",
     "params": {"z": 1.96, "min_region_schools": 5}},
]

DEFAULT_RULES = {
    Status.LRS: {"criteria": ["C1", "C2", "C3", "C4"], "min_met": 2},
    Status.DSC: {"criteria": ["C6"], "min_met": 1},
}


def validate_methodology(*, criteria: list[dict], rules: dict, sample: dict) -> tuple[list, dict, dict]:
    """Clean criteria, rules and sample rule, or raise ValidationError with Russian messages."""
    errors: list[str] = []
    clean_criteria, codes = [], set()
    for item in criteria:
        code = str(item.get("code", "")).strip()
        if not code:
            errors.append(_("У каждого критерия должен быть код."))
            continue
        if code in codes:
            errors.append(_("Код критерия %(code)s повторяется.") % {"code": code})
            continue
        codes.add(code)
        try:
            kind = get_kind(item.get("kind", ""))
            params = validate_params(kind, item.get("params") or {})
        except ValidationError as exc:
            errors.extend(f"{code}: {m}" for m in exc.messages)
            continue
        clean_criteria.append({"code": code, "kind": kind.code, "title": str(item.get("title") or kind.label),
                               "params": params})
    by_code = {c["code"]: c for c in clean_criteria}
    clean_rules = {}
    for status in Status.values:
        rule = rules.get(status) or {}
        listed = [c for c in rule.get("criteria", []) if c]
        if not listed:
            continue
        for code in listed:
            if code not in by_code:
                errors.append(_("Правило «%(status)s» ссылается на неизвестный критерий %(code)s.") % {
                    "status": Status(status).label, "code": code})
            elif not get_kind(by_code[code]["kind"]).labels_schools:
                errors.append(_("Критерий %(code)s — сигнал для проверки, он не может сам включать школу "
                                "в список «%(status)s».") % {"code": code, "status": Status(status).label})
        try:
            min_met = int(rule.get("min_met", 1))
        except (TypeError, ValueError):
            min_met = 0
        if not 1 <= min_met <= len(listed):
            errors.append(_("Правило «%(status)s»: число выполненных критериев должно быть от 1 до %(n)s.") % {
                "status": Status(status).label, "n": len(listed)})
        clean_rules[status] = {"criteria": listed, "min_met": min_met}
    if not clean_rules:
        errors.append(_("Задайте правило хотя бы для одного статуса."))
    try:
        clean_sample = {k: int(sample.get(k, v)) for k, v in DEFAULT_SAMPLE.items()}
    except (TypeError, ValueError):
        clean_sample = dict(DEFAULT_SAMPLE)
        errors.append(_("Правило малой выборки: укажите целые числа."))
    if not 1 <= clean_sample["min_participants"] <= clean_sample["reliable_participants"]:
        errors.append(_("Правило малой выборки: «не оценивать при числе участников меньше» должно быть не больше "
                        "порога надёжности и не меньше 1."))
    if errors:
        raise ValidationError(errors)
    return clean_criteria, clean_rules, clean_sample


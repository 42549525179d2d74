"""A methodology as data: its criteria, decision rules and small-sample rule, validated as a whole."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .criteria import get_kind, validate_params
from .models import Status

DEFAULT_SAMPLE = {"min_participants": 10, "reliable_participants": 20}

# The methodology new versions start from (the data migration 0005 seeds it as «default» version 3; versions 1
# and 2, seeded by 0002 and 0004, stay as they were for the runs that used them).
DEFAULT_CRITERIA = [
    {"code": "C1", "kind": "failing_share", "title": "Доля «2» по ВПР, ОГЭ и ЕГЭ",
     "params": {"threshold_pct": 30.0, "min_procedures": 2, "years_running": 2, "procedures": ["vpr", "oge", "ege"]}},
    # bottom of the distribution against the region: a municipality often has fewer schools than the 10 % cut needs
    # (under 10 schools the bottom 10 % holds none), and a region ranks a school among many more like it
    {"code": "C2", "kind": "bottom_distribution", "title": "ВПР, математика: нижние 10 % региона",
     "params": {"procedure": "vpr", "subject": "math", "grade": None, "bottom_pct": 10.0, "group": "region",
                "min_years": 2, "window_years": 3}},
    {"code": "C3", "kind": "bottom_distribution", "title": "ВПР, русский язык: нижние 10 % региона",
     "params": {"procedure": "vpr", "subject": "russian", "grade": None, "bottom_pct": 10.0, "group": "region",
                "min_years": 2, "window_years": 3}},
    {"code": "C4", "kind": "bottom_distribution", "title": "ОГЭ, математика: нижние 10 % региона",
     "params": {"procedure": "oge", "subject": "math", "grade": 9, "bottom_pct": 10.0, "group": "region",
                "min_years": 2, "window_years": 3}},
    # ВПР and ОГЭ both carry the comparison with the journal (annual) marks; each is judged on its own
    {"code": "C5", "kind": "objectivity", "title": "Объективность оценивания (ВПР, ОГЭ)",
     "params": {"min_confirmed_pct": 50.0, "min_raised_pct": 15.0, "procedures": ["vpr", "oge"]}},
    {"code": "C6", "kind": "social_index", "title": "Индекс социального благополучия",
     "params": {"bottom_pct": 25.0, "group": "municipality", "min_students": 1,
                "weights": {"students_low_income": 1.0, "students_single_parent": 1.0,
                            "students_parents_no_higher_ed": 1.0, "students_non_native": 1.0,
                            "students_disabled": 1.0, "students_preventive_register": 1.0,
                            "students_unexcused_absences": 1.0,
                            # resource deficits (docs/methodology.md, social index), each weighing half a social
                            # factor: three of them beside seven social factors, so staffing moves the index
                            # without outweighing families
                            "vacancies": 0.5, "young_specialists": 0.5, "students_per_teacher": 0.5}}},
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


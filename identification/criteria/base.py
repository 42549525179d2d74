from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _

from schools.models import AssessmentResult, School, SchoolYear, SchoolYearData, Subject


class Outcome:
    MET = "met"
    NOT_MET = "not_met"
    NO_DATA = "no_data"

    LABELS = {MET: "выполнен", NOT_MET: "не выполнен", NO_DATA: "недостаточно данных"}


@dataclass
class Evidence:
    """Why a criterion is (not) met for one school — stored in the run as JSON."""

    outcome: str
    value: Any = None  # the measured value (a number)
    value_text: str = ""  # the value in words with its unit, as shown to people
    years: list[int] = field(default_factory=list)  # start years of the school years used
    sample: int | None = None  # participants (or students) behind the value
    details: list[str] = field(default_factory=list)  # human-readable lines kept as they are (few)
    data: dict = field(default_factory=dict)  # compact numbers the kind renders into lines when shown
    unreliable: bool = False  # some of the data behind it came from small samples
    series: list[list] = field(default_factory=list)  # per-year points for charts (compact lists; see the kind)

    def as_dict(self) -> dict:
        """Empty parts are left out to keep stored runs small (0 is a value and stays)."""
        return {k: v for k, v in self.__dict__.items() if k == "outcome" or (v is not None and v is not False
                                                                             and v != "" and v != [] and v != {})}


@dataclass(frozen=True)
class Param:
    name: str
    label: str
    type: str  # "int", "float", "choice", "multichoice", "weights", "subject"
    default: Any
    min: float | None = None
    max: float | None = None
    choices: tuple = ()
    help: str = ""


@dataclass
class RunContext:
    """What a criterion needs to evaluate all schools of one run."""

    year: int  # start year of the school year identified
    region_id: int
    municipality_id: int | None  # None → the whole region
    min_participants: int = 10
    reliable_participants: int = 20
    _school_ids: list[int] | None = None

    @property
    def school_ids(self) -> list[int]:
        if self._school_ids is None:
            self._school_ids = list(self.scope_schools().values_list("pk", flat=True))
        return self._school_ids

    def scope_schools(self):
        qs = School.objects.filter(is_active=True, municipality__region_id=self.region_id)
        if self.municipality_id:
            qs = qs.filter(municipality_id=self.municipality_id)
        return qs.order_by("pk")

    def scope_sql(self, alias: str = "s") -> tuple[str, list]:
        """SQL condition on a joined schools table limiting rows to the run's schools."""
        if self.municipality_id:
            return f"{alias}.is_active = %s AND {alias}.municipality_id = %s", [True, self.municipality_id]
        return (f"{alias}.is_active = %s AND {alias}.municipality_id IN "
                f"(SELECT id FROM {municipality_table()} WHERE region_id = %s)", [True, self.region_id])

    def group_sql(self, group: str, alias: str = "s") -> tuple[str, list]:
        """Schools a school is compared with: its municipality (all of the run's) or its region."""
        if group == "municipality" and self.municipality_id:
            return f"{alias}.municipality_id = %s", [self.municipality_id]
        return f"{alias}.municipality_id IN (SELECT id FROM {municipality_table()} WHERE region_id = %s)", [
            self.region_id]


def municipality_table() -> str:
    return School._meta.get_field("municipality").related_model._meta.db_table


TABLES = {
    "result": AssessmentResult._meta.db_table,
    "school": School._meta.db_table,
    "year": SchoolYear._meta.db_table,
    "subject": Subject._meta.db_table,
    "yearly": SchoolYearData._meta.db_table,
}


def fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def pct(value: float | None) -> str:
    """12.5 → '12,5 %' (Russian decimal comma)."""
    if value is None:
        return "—"
    return f"{value:.1f}".replace(".", ",") + " %"


def num(value: float, digits: int = 2, signed: bool = False) -> str:
    """A number with a decimal comma: 0.125 → '0,13'; signed adds '+' to positives."""
    return f"{value:{'+' if signed else ''}.{digits}f}".replace(".", ",")


def plural(n: int, one: str, few: str, many: str) -> str:
    n = abs(int(n))
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def subject_name(code: str) -> str:
    name = Subject.objects.filter(code=code).values_list("name", flat=True).first()
    return (name or code).lower()


def year_name(start_year: int) -> str:
    return f"{start_year}/{start_year + 1}"


class CriterionKind:
    code: str = ""
    label: str = ""
    description: str = ""
    params: tuple[Param, ...] = ()
    labels_schools: bool = True  # False: a signal for review that may not enter a decision rule
    statuses: tuple[str, ...] = ("lrs",)  # statuses this kind is meant for (a hint in the form)

    def defaults(self) -> dict:
        return {p.name: p.default for p in self.params}

    def evaluate(self, ctx: RunContext, params: dict) -> dict[int, Evidence]:
        """Evidence for every school of ctx.school_ids (schools missing from the result: no data)."""
        raise NotImplementedError

    def describe(self, params: dict) -> str:
        return self.label

    def explain(self, evidence: dict, params: dict) -> list[str]:
        """Human-readable lines for stored evidence (numbers are stored compactly, words made on display)."""
        return list(evidence.get("details", []))


KINDS: dict[str, CriterionKind] = {}


def get_kind(code: str) -> CriterionKind:
    try:
        return KINDS[code]
    except KeyError:
        raise ValidationError(_("Неизвестный вид критерия: %(code)s.") % {"code": code}) from None


def validate_params(kind: CriterionKind, raw: dict) -> dict:
    """Parameters of a criterion checked against the kind's specs; Russian messages per parameter."""
    clean, errors = {}, {}
    for p in kind.params:
        value = raw.get(p.name, p.default)
        try:
            if p.type == "int":
                value = int(value)
            elif p.type == "float":
                value = float(str(value).replace(",", "."))
            elif p.type == "choice":
                if value not in [c[0] for c in p.choices]:
                    raise ValueError
            elif p.type == "multichoice":
                value = list(value or [])
                if not value or any(v not in [c[0] for c in p.choices] for v in value):
                    raise ValueError
            elif p.type == "subject":
                if not Subject.objects.filter(code=value).exists():
                    raise ValueError
            elif p.type == "weights":
                value = {k: float(v) for k, v in dict(value or {}).items() if float(v) != 0}
                if not value or any(k not in [c[0] for c in p.choices] for k in value) or any(
                        v < 0 for v in value.values()):
                    raise ValueError
            elif p.type == "optional_int":
                value = None if value in (None, "") else int(value)
        except (TypeError, ValueError):
            errors[p.name] = _("«%(label)s»: недопустимое значение «%(value)s».") % {"label": p.label,
                                                                                      "value": value}
            continue
        numeric = isinstance(value, int | float) and not isinstance(value, bool)
        if numeric and (p.min is not None and value < p.min or p.max is not None and value > p.max):
            errors[p.name] = _("«%(label)s»: значение должно быть от %(min)s до %(max)s.") % {
                "label": p.label, "min": num(p.min, 0), "max": num(p.max, 0)}
            continue
        clean[p.name] = value
    if errors:
        raise ValidationError(errors)
    return clean

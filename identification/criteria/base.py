import functools
import json
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext as _

from core.formats import ru_decimal, ru_percent
from schools.models import AssessmentResult, School, SchoolYear, SchoolYearData, Subject

from .dialect import Dialect
from .figures import Layout, Outcome, flatten


class EvidenceView:
    """Stored evidence of one criterion for one school, read with the kind's words (tests, tools, pages).

    Evidence is built in SQL as numbers (figures.py) and shaped into a small dict (outcome, value, sample,
    unreliable and the kind's numbers); the lines people read are made from it on display.
    """

    def __init__(self, evidence: dict, kind: "CriterionKind", params: dict):
        self.raw, self.kind, self.params = evidence, kind, params

    def __getattr__(self, name):
        if name in ("raw", "kind", "params"):
            raise AttributeError(name)
        return self.raw.get(name, [] if name in ("series",) else None)

    def as_dict(self) -> dict:
        return self.raw

    @property
    def details(self) -> list[str]:
        return self.kind.explain(self.raw, self.params)

    @property
    def years(self) -> list[int]:
        return self.kind.years(self.raw, self.params)

    @property
    def value_text(self) -> str:
        return self.kind.value_text(self.raw, self.params)


def load_json(value) -> dict:
    """JSON comes back parsed from psycopg2 and as text from SQLite."""
    return json.loads(value) if isinstance(value, str) else value


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

    # start year of the last school year whose data the criteria read: the year before the one identified
    # (a list for Y/Y+1 is approved at its start, so it rests on results that exist by then — docs/methodology.md)
    year: int
    region_id: int
    municipality_id: int | None  # None → the whole region
    min_participants: int = 10
    reliable_participants: int = 20
    _region_munis: str | None = None
    cache: dict = field(default_factory=dict)  # what computed kinds share within a run (criteria/estimates.py)

    def region_municipalities(self) -> str:
        """The region's municipality ids as an SQL list: a few hundred literals plan far better than a
        semi-join (PostgreSQL misestimated it and chose nested loops over 720,000 result rows)."""
        if self._region_munis is None:
            ids = fetch(f"SELECT id FROM {municipality_table()} WHERE region_id = %s ORDER BY id", [self.region_id])
            self._region_munis = ", ".join(str(int(i)) for (i,) in ids) or "NULL"
        return self._region_munis

    def scope_sql(self, alias: str = "s") -> tuple[str, list]:
        """SQL condition on a joined schools table limiting rows to the run's schools."""
        if self.municipality_id:
            return f"{alias}.is_active = %s AND {alias}.municipality_id = %s", [True, self.municipality_id]
        return f"{alias}.is_active = %s AND {alias}.municipality_id IN ({self.region_municipalities()})", [True]

    def group_sql(self, group: str, alias: str = "s") -> tuple[str, list]:
        """Schools a school is compared with: its municipality (all of the run's) or its region."""
        if group == "municipality" and self.municipality_id:
            return f"{alias}.municipality_id = %s", [self.municipality_id]
        return f"{alias}.municipality_id IN ({self.region_municipalities()})", []

    def results_sql(self, d, *, first_year: int, regional: bool) -> tuple[str, list]:
        """The result rows every criterion reads, joined and filtered once (`results` in the kinds' SQL): the
        schools compared (the region when some criterion compares region-wide) over the years any criterion
        looks at, with `in_scope` marking the run's own schools."""
        universe, params = self.group_sql("region" if regional else "municipality", "s")
        in_scope = f"s.municipality_id = {int(self.municipality_id)}" if self.municipality_id else "1 = 1"
        sql = f"""
            SELECT r.school_id, s.municipality_id AS muni, y.start_year AS yr, r.procedure, r.subject_id, r.grade,
                   r.participants, r.mark2, r.mark3, r.mark4, r.mark5, r.mean_score, r.lowered, r.confirmed,
                   r.raised, CASE WHEN {in_scope} THEN 1 ELSE 0 END AS in_scope
            FROM {TABLES['result']} r
            JOIN {TABLES['year']} y ON y.id = r.school_year_id
            JOIN {TABLES['school']} s ON s.id = r.school_id
            WHERE {universe} AND s.is_active = %s AND y.start_year BETWEEN {int(first_year)} AND {int(self.year)}
              AND r.participants > 0
        """
        return sql, [*params, True]


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
    """12.5 → '12,5 %' (core.formats.ru_percent)."""
    return ru_percent(value)


def num(value: float, digits: int = 2, signed: bool = False) -> str:
    """A number with a decimal comma: 0.125 → '0,13'; signed adds '+' to positives (core.formats.ru_decimal)."""
    return ru_decimal(value, digits, plus=signed)


def plural(n: int, one: str, few: str, many: str) -> str:
    n = abs(int(n))
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def subject_name(code: str) -> str:
    """The subject's name in lower case. Pages call it once per school for the reasons of those not judged, so the
    names (a few dozen reference rows) are read once per process and again after any change of a subject."""
    return (_subject_names_by_code().get(code) or code).lower()


@functools.cache
def _subject_names_by_code() -> dict[str, str]:
    return dict(Subject.objects.values_list("code", "name"))


def _forget_subject_names(**_kwargs) -> None:
    _subject_names_by_code.cache_clear()


post_save.connect(_forget_subject_names, sender=Subject, dispatch_uid="criteria_subject_names_save")
post_delete.connect(_forget_subject_names, sender=Subject, dispatch_uid="criteria_subject_names_delete")


def subject_names() -> dict[int, str]:
    """Subject id → name (a few dozen rows), for evidence that stores ids."""
    return dict(Subject.objects.values_list("pk", "name"))


def year_name(start_year: int) -> str:
    return f"{start_year}/{start_year + 1}"


class CriterionKind:
    code: str = ""
    label: str = ""
    description: str = ""
    params: tuple[Param, ...] = ()
    labels_schools: bool = True  # False: a signal for review that may not enter a decision rule
    statuses: tuple[str, ...] = ("lrs",)  # statuses this kind is meant for (a hint in the form)
    warning: str = ""  # said beside the kind wherever a methodology is chosen or read (form, page)

    def sql(self, ctx: RunContext, params: dict, d: Dialect) -> tuple[str, list]:
        """SELECT school_id, oc, fig — one row per school of the run with data (the rest: no data): `oc` the
        outcome code (figures.outcome_sql), `fig` the evidence as numbers laid out by `layout(params)`. Result
        rows are read from `results` (see RunContext.results_sql). The engine joins every criterion's SELECT
        into one INSERT … SELECT, so nothing is computed school by school in Python."""
        raise NotImplementedError

    def layout(self, params: dict) -> "Layout":
        """How the kind's figures are laid out (scalars and lists after the outcome code)."""
        raise NotImplementedError

    def shape(self, raw: dict, params: dict) -> dict:
        """Evidence as stored runs keep it and pages read it, from the values read off the figures."""
        return raw

    def check(self, params: dict) -> None:
        """Parameters each within bounds but wrong together: raise ValidationError({param name: message})."""

    def first_year(self, ctx: RunContext, params: dict) -> int:
        """The earliest school year of results the criterion reads."""
        return ctx.year

    def regional(self, params: dict) -> bool:
        """Compares schools across the region (so the results of the whole region are read)."""
        return params.get("group") == "region"

    def evaluate(self, ctx: RunContext, params: dict) -> dict[int, EvidenceView]:
        """The criterion on its own (tests, tools): school id → evidence, for the schools with data (the
        engine gives the others "not enough data")."""
        d = Dialect()
        base, base_params = ctx.results_sql(d, first_year=self.first_year(ctx, params),
                                            regional=self.regional(params) or not ctx.municipality_id)
        sql, sql_params = self.sql(ctx, params, d)
        rows = fetch(f"WITH results AS ({base}) SELECT k.school_id, k.fig FROM ({sql}) k", [*base_params, *sql_params])
        layout = self.layout(params)
        return {school_id: EvidenceView(self.shape(layout.read(flatten(load_json(fig)), 0)[0], params), self, params)
                for school_id, fig in rows}

    def describe(self, params: dict) -> str:
        return self.label

    def plain(self, params: dict, sample: dict) -> list[str]:
        """The criterion in plain Russian, paragraph by paragraph, with the methodology's numbers: what the
        methodology page says, so that a director can check their school's evidence against it."""
        return [str(self.description)]

    def explain(self, evidence: dict, params: dict) -> list[str]:
        """Human-readable lines for stored evidence (numbers are stored compactly, words made on display);
        runs stored before that kept ready lines in `details`."""
        return list(evidence.get("details", []))

    def value_text(self, evidence: dict, params: dict) -> str:
        """The value in words with its unit."""
        return evidence.get("value_text", "")

    def sentence(self, evidence: dict, params: dict) -> str:
        """Why the criterion is met, as a clause of plain Russian a director can read without codes or statistics
        («доля «2» в 2024/2025 не меньше 30 % в 3 результатах»): the why page's first lines are made of these."""
        return str(self.describe(params))

    def unjudged_reason(self, evidence: dict, params: dict, sample: dict) -> str:
        """Why the school could not be judged on the criterion (outcome «недостаточно данных»), in plain Russian
        with the methodology's numbers («меньше 10 участников во всех результатах за 2024/2025»)."""
        return str(_("нет данных за годы, которые читает критерий"))

    def years(self, evidence: dict, params: dict) -> list[int]:
        """Start years of the school years behind the value (runs stored before kept the list)."""
        if "years" in evidence:
            return list(evidence["years"])
        return [evidence["year"]] if "year" in evidence else []


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
                "label": p.label, "min": bound(p.min), "max": bound(p.max)}
            continue
        clean[p.name] = value
    if errors:
        raise ValidationError(errors)
    kind.check(clean)
    return clean


def bound(value: float) -> str:
    """A parameter's bound as typed: 100 → '100', 0.1 → '0,1' (not rounded to a misleading '0')."""
    return num(value, 0) if float(value).is_integer() else num(value, 1)


def decode(figures: list, criteria: list[dict]) -> dict[str, dict]:
    """Evidence per criterion code, as the kinds display it, from a run school's figures."""
    flat, pos, out = flatten(figures), 0, {}
    for criterion in criteria:
        kind = get_kind(criterion["kind"])
        raw, pos = kind.layout(criterion["params"]).read(flat, pos)
        out[criterion["code"]] = {"outcome": Outcome.NO_DATA} if raw is None else kind.shape(raw, criterion["params"])
    return out

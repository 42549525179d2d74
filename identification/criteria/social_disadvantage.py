"""ШССУ by the presence of disadvantage: each factor of social and economic disadvantage or of resource deficits
(the Kalininsky district regulation, п. 1.3: «школы, обладающие рядом показателей социально-экономического
неблагополучия и ресурсных дефицитов», docs/domain.md) is compared with an absolute threshold; the weights of the
factors beyond their thresholds add up, and a school whose sum reaches the bar meets the criterion. Nothing is
ranked: a municipality where no school is disadvantaged has no ШССУ, one where all are has all of them (the quota
kind social_index.py fixes the count in advance). No regulation gives numbers: each threshold's reason is stated
in its factor (shown on the methodology page and in docs/methodology.md)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .base import TABLES, CriterionKind, Param, RunContext, num, pct, plural, year_name
from .dialect import Dialect
from .figures import Layout, integer, outcome_sql
from .social_index import BY_CODE as INDEX_FACTORS
from .social_index import MIN_KNOWN_PCT


@dataclass(frozen=True)
class Threshold:
    """A factor with its absolute threshold: beyond it when the value is at or above the threshold (every factor
    here grows with disadvantage). `factor` is the social index's factor (same numerator and denominator); None
    for the school's location, which is a fact of the registry rather than a share."""

    code: str
    label: str
    default: float | None  # per cent; None: a yes/no factor (rural)
    weight: float
    reason: str
    social: bool = True  # social and economic disadvantage (else a resource deficit)

    @property
    def factor(self):
        return INDEX_FACTORS.get(self.code)


RURAL = "rural"
# Thresholds: no regulation (the seeds, docs/domain.md) gives a number, so each is the methodology's own choice with
# its reason, editable in a new version. Pupils-per-teacher is left out on purpose (docs/decisions.md): it is lowest
# in small rural schools, which are not better staffed, and the shortage itself is measured by the vacancies.
THRESHOLDS = (
    Threshold("students_low_income", _("из малоимущих семей"), 20.0, 1.0, _(
        "примерно вдвое выше общероссийского уровня бедности (по Росстату около 9–10 % населения с доходами ниже "
        "границы бедности в 2022–2023 годах): в классе из 25 человек — пятеро")),
    Threshold("students_single_parent", _("из неполных семей"), 30.0, 1.0, _(
        "заметно выше обычной для школы доли, когда неполной бывает примерно каждая пятая-четвёртая семья с детьми: "
        "в классе из 25 человек — восемь")),
    Threshold("students_parents_no_higher_ed", _("родители без высшего образования"), 70.0, 1.0, _(
        "высшее образование по переписи 2020 года имеет примерно каждый третий взрослый, поэтому у большей части "
        "учеников любой школы у родителей его нет; признак неблагополучия — когда таких семей больше двух третей")),
    Threshold("students_non_native", _("русский язык не родной"), 10.0, 1.0, _(
        "в классе из 25 человек — два-три ученика, которым нужна языковая поддержка: учитель уже должен менять "
        "ведение урока")),
    Threshold("students_disabled", _("с ОВЗ"), 10.0, 1.0, _(
        "около вдвое выше обычной доли обучающихся с ОВЗ в общеобразовательных школах (4–5 %): в классе из 25 "
        "человек — два-три ученика, которым нужны особые условия")),
    Threshold("students_preventive_register", _("на профилактическом учёте"), 2.0, 1.0, _(
        "вдвое выше ориентира около 1 % (в школе из 500 учеников — пять на учёте): в школе из 500 учеников — "
        "десять")),
    Threshold("students_unexcused_absences", _("с пропусками без уважительной причины"), 5.0, 1.0, _(
        "каждый двадцатый ученик систематически пропускает без уважительной причины — число пропусков по "
        "неуважительной причине названо среди показателей положения о муниципальной системе (Калининский район, "
        "раздел 4)")),
    Threshold("vacancies", _("незанятые ставки: вакансии от штата с вакансиями"), 10.0, 1.0, _(
        "не занята каждая десятая ставка: часть уроков ведут совместители или замены — ресурсный дефицит по "
        "п. 1.3 положения (Калининский район)"), social=False),
    Threshold("young_specialists", _("молодые специалисты среди педагогов"), 25.0, 0.5, _(
        "каждый четвёртый педагог — в первые годы работы и нуждается в наставнике (доля молодых педагогов и их "
        "наставничество — показатели раздела 4 положения, Калининский район); вес половинный: молодые педагоги — "
        "не недостаток сами по себе, а нагрузка на остальных"), social=False),
    Threshold(RURAL, _("сельская местность"), None, 0.5, _(
        "сельская школа дальше от методической помощи, кадрового резерва и дополнительного образования; вес "
        "половинный: сельская местность сама по себе не делает школу ШССУ, но добавляется к другим факторам"),
        social=False),
)
BY_CODE = {t.code: t for t in THRESHOLDS}
FACTORS = tuple((t.code, t.label) for t in THRESHOLDS)
BAR = 3.0

# The parameters the lead is advised to seed as the default methodology's ШССУ criterion (version 4): every factor
# with its threshold and weight, a bar of three — «ряд показателей» (п. 1.3) is more than one or two — and the same
# share of known weight as the index asks for.
DEFAULT_DISADVANTAGE_PARAMS = {
    "weights": {t.code: t.weight for t in THRESHOLDS},
    **{f"threshold_{t.code}": t.default for t in THRESHOLDS if t.default is not None},
    "bar": BAR,
    "min_known_pct": MIN_KNOWN_PCT,
}


def factors(params) -> list[str]:
    """The weighted factors in THRESHOLDS' order — the order of their figures. Not the weights' own order: PostgreSQL
    keeps a JSON object's keys in an order of its own, so a methodology read back from the database would pair the
    stored figures with other factors."""
    return [t.code for t in THRESHOLDS if t.code in params["weights"]]


def milli(value: float) -> int:
    """Weights and the bar compared in exact thousandths (0.1 + 0.2 is not 0.3 in floating point)."""
    return round(float(value) * 1000)


class SocialDisadvantage(CriterionKind):
    code = "social_disadvantage"
    label = _("Социальное неблагополучие и ресурсные дефициты (пороги)")
    description = _("Каждый фактор социально-экономического неблагополучия и ресурсных дефицитов сравнивается с "
                    "постоянным порогом; веса факторов за порогом складываются, и школа выполняет критерий, если "
                    "сумма не меньше планки. Школы не ранжируются: число ШССУ заранее не задано.")
    statuses = ("dsc",)
    params = (
        Param("weights", _("Веса факторов"), "weights", {t.code: t.weight for t in THRESHOLDS}, choices=FACTORS),
        *(Param(f"threshold_{t.code}", format_lazy("{}: {}", _("Порог, %"), t.label), "float", t.default, 0.1, 100,
                help=t.reason) for t in THRESHOLDS if t.default is not None),
        Param("bar", _("Планка: сумма весов факторов за порогом не меньше"), "float", BAR, 0.1, 100),
        Param("min_known_pct", _("Известные факторы — не меньше, % веса"), "float", MIN_KNOWN_PCT, 1, 100,
              help=_("Школа, у которой известны факторы с меньшим весом, не оценивается.")),
    )

    # ---- parameters ------------------------------------------------------------------------------

    @staticmethod
    def threshold(params, code) -> float | None:
        t = BY_CODE[code]
        return None if t.default is None else float(params.get(f"threshold_{code}", t.default))

    def check(self, params: dict) -> None:
        """Parameters that are each in range but together cannot work: a bar no school can reach."""
        total = sum(params["weights"].values())
        if milli(params["bar"]) > milli(total):
            raise ValidationError({"bar": _("«Планка»: больше суммы весов всех факторов (%(t)s) — ни одна школа не "
                                             "сможет её достичь.") % {"t": num(total, 1)}})

    # ---- words -----------------------------------------------------------------------------------

    @staticmethod
    def rule_text(params, code) -> str:
        t = BY_CODE[code]
        if t.default is None:
            return f"{t.label}: школа в сельской местности"
        return f"{t.label}: не меньше {pct(SocialDisadvantage.threshold(params, code))}"

    def describe(self, params):
        return _("сумма весов факторов за порогом не меньше %(bar)s из %(total)s; %(n)s %(word)s с постоянными "
                 "порогами, без квоты") % {
            "bar": num(params["bar"], 1), "total": num(sum(params["weights"].values()), 1),
            "n": len(params["weights"]),
            "word": plural(len(params["weights"]), "фактор", "фактора", "факторов")}

    def plain(self, params, sample):
        weights = params["weights"]
        known = pct(params.get("min_known_pct", MIN_KNOWN_PCT))
        listed = "; ".join(f"{self.rule_text(params, f)} — вес {num(weights[f], 1)} ({BY_CODE[f].reason})"
                           for f in factors(params))
        return [
            "Школа функционирует в сложных социальных условиях, если у неё есть ряд признаков социально-"
            "экономического неблагополучия и ресурсных дефицитов (положение о муниципальной системе, Калининский "
            "район, п. 1.3). Каждый признак сравнивается с постоянным порогом, а не с другими школами: школы не "
            "ранжируются, и число ШССУ в муниципалитете заранее не задано — если неблагополучных школ нет, их нет в "
            "списке, если неблагополучны все, в списке все.",
            f"По данным о контингенте и кадрах за последний год для каждой школы проверяются факторы (за порогом — "
            f"если значение не меньше порога): {listed}.",
            "Доли обучающихся считаются от числа обучающихся, вакансии — от суммы педагогов и вакансий, молодые "
            "специалисты — от числа педагогов; местность — из реестра школ. Доли сравниваются с порогом точно, без "
            "округления: «не меньше 20,0 %» — это 20 из 100 и больше.",
            f"Веса факторов за порогом складываются. Школа выполняет критерий, если сумма не меньше "
            f"{num(params['bar'], 1)} из {num(sum(weights.values()), 1)} возможных (веса и планка сравниваются с "
            f"точностью до тысячных).",
            f"Неизвестный фактор («нет данных»: значение не внесено или его знаменатель равен 0) не считается ни "
            f"нулём, ни превышением: он не входит в сумму. Школа, у которой известны факторы меньше чем с {known} "
            f"общего веса, не оценивается («недостаточно данных»), и в обосновании названы неизвестные факторы.",
        ]

    def sentence(self, evidence, params):
        d = evidence.get("data")
        if not d:
            return str(self.describe(params))
        beyond = [BY_CODE[f] for f, (_value, flag) in zip(factors(params), d["factors"], strict=False)
                  if flag == 1]
        names = ", ".join(self._phrase(t, params) for t in beyond)
        year = f" в {year_name(evidence['year'])}" if evidence.get("year") else ""
        return (f"у школы{year} {len(beyond)} {plural(len(beyond), 'признак', 'признака', 'признаков')} "
                f"социального неблагополучия или нехватки ресурсов: {names}")

    def _phrase(self, t: Threshold, params) -> str:
        if t.default is None:
            return "школа в сельской местности"
        return f"«{t.label}» не меньше {pct(self.threshold(params, t.code))}"

    def unjudged_reason(self, evidence, params, sample):
        d = evidence.get("data")
        if not d:
            return "школа не внесла данные о контингенте и кадрах за последний год"
        unknown = self.unknown(evidence, params)
        known, total = self.known_weight(evidence, params), sum(params["weights"].values())
        return (f"нет данных о {len(unknown)} {plural(len(unknown), 'показателе', 'показателях', 'показателях')} "
                f"({', '.join(unknown)}): известное — меньше {pct(params.get('min_known_pct', MIN_KNOWN_PCT))} "
                f"(вес {num(known, 1)} из {num(total, 1)})")

    # ---- SQL ---------------------------------------------------------------------------------------

    def sql(self, ctx: RunContext, params: dict, d: Dialect) -> tuple[str, list]:
        weights = params["weights"]
        fields = factors(params)
        scope_cond, scope_params = ctx.scope_sql("s")
        values, flags = [], []
        for f in fields:
            t = BY_CODE[f]
            if t.default is None:  # the location: always known
                flag = f"CASE WHEN s.location = '{RURAL}' THEN 1 ELSE 0 END"
                values.append(flag)
                flags.append(flag)
                continue
            numerator, denominator = t.factor.numerator, t.factor.denominator
            # beyond the threshold, compared exactly in integers: numerator · 10⁴ ≥ threshold in hundredths of a
            # per cent · denominator; unknown (no value, or a zero denominator) stays NULL
            cut = round(self.threshold(params, f) * 100)
            known = f"{numerator} IS NOT NULL AND {denominator} > 0"
            flags.append(f"CASE WHEN NOT ({known}) THEN NULL WHEN CAST({numerator} AS BIGINT) * 10000 >= "
                         f"{cut} * CAST({denominator} AS BIGINT) THEN 1 ELSE 0 END")
            values.append(f"CASE WHEN {known} THEN {d.round(f'{d.real(numerator)} * 100 / {denominator}', 1)} END")
        beyond = " + ".join(f"(CASE WHEN b.f{i} = 1 THEN {milli(weights[f])} ELSE 0 END)" for i, f in enumerate(fields))
        known = " + ".join(f"(CASE WHEN b.f{i} IS NULL THEN 0 ELSE {milli(weights[f])} END)"
                           for i, f in enumerate(fields))
        total = sum(milli(w) for w in weights.values())
        min_known = round(float(params.get("min_known_pct", MIN_KNOWN_PCT)) * 100)
        columns = ", ".join(f"{v} AS v{i}, {f} AS f{i}" for i, (v, f) in enumerate(zip(values, flags, strict=True)))
        scored = f"""
            SELECT b.*, ({beyond}) AS beyond, ({known}) AS known
            FROM (
                SELECT d.school_id, d.students, {columns}
                FROM {TABLES['yearly']} d
                JOIN {TABLES['year']} y ON y.id = d.school_year_id
                JOIN {TABLES['school']} s ON s.id = d.school_id
                WHERE {scope_cond} AND y.start_year = {int(ctx.year)}
            ) b
        """
        # judged: the known factors carry at least min_known % of the weight (integers: thousandths × hundredths)
        outcome = outcome_sql(f"k.known * 10000 >= {total * min_known} AND k.beyond >= {milli(params['bar'])}",
                              f"k.known * 10000 < {total * min_known}")
        head = HEAD.head(d, outcome, {"value": f"{d.real('k.beyond')} / 1000", "sample": "k.students",
                                      "year": str(int(ctx.year)), "known": f"{d.real('k.known')} / 1000"})
        pairs = d.nums(*(e for i in range(len(fields)) for e in (f"COALESCE(k.v{i}, -1)", f"COALESCE(k.f{i}, -1)")))
        sql = f"SELECT k.school_id, {outcome} AS oc, {d.concat(head, pairs)} AS fig FROM ({scored}) k"
        return sql, scope_params

    def layout(self, params):
        # the weight beyond the thresholds, students, year, the known weight; then per weighted factor its value
        # (per cent, or 1/0 for the location; −1 unknown) and whether it is beyond its threshold (1/0; −1 unknown)
        pairs = tuple(name for i in range(len(factors(params))) for name in (f"v{i}", f"f{i}"))
        return Layout(scalars=(*HEAD.scalars, *pairs))

    def shape(self, raw, params):
        count = len(factors(params))
        return {"outcome": raw["outcome"], "value": raw["value"], "sample": integer(raw["sample"]),
                "year": integer(raw["year"]),
                "data": {"known": raw["known"],
                         "factors": [[None if raw[f"f{i}"] == -1 else raw[f"v{i}"],
                                      None if raw[f"f{i}"] == -1 else int(raw[f"f{i}"])] for i in range(count)]}}

    def regional(self, params):
        return False  # reads the yearly data, not the shared result rows

    # ---- evidence in words ----------------------------------------------------------------------------

    @staticmethod
    def unknown(evidence, params) -> list[str]:
        """Labels of the school's factors that could not be computed («нет данных»)."""
        d = evidence.get("data") or {}
        return [str(BY_CODE[f].label) for f, (_v, flag) in zip(factors(params), d.get("factors", []), strict=False)
                if flag is None]

    @staticmethod
    def known_weight(evidence, params) -> float:
        d = evidence.get("data") or {}
        return float(d.get("known") or 0)

    @staticmethod
    def factor_value(code, value) -> str:
        if value is None:
            return "нет данных"
        if BY_CODE[code].default is None:
            return "да" if value == 1 else "нет"
        return pct(value)

    def value_text(self, evidence, params):
        d = evidence.get("data")
        if not d:
            return super().value_text(evidence, params)
        if evidence.get("outcome") == "no_data":
            return "не оценена: известно слишком мало факторов"
        beyond = sum(1 for _v, flag in d["factors"] if flag == 1)
        text = (f"за порогом {beyond} {plural(beyond, 'фактор', 'фактора', 'факторов')}, вес "
                f"{num(float(evidence['value']), 1)} при планке {num(params['bar'], 1)}")
        if unknown := self.unknown(evidence, params):
            n = len(unknown)
            text += f"; нет данных: {n} {plural(n, 'фактор', 'фактора', 'факторов')}"
        return text

    def explain(self, evidence, params):
        d = evidence.get("data")
        if not d:
            return []
        weights = params["weights"]
        total, known = sum(weights.values()), self.known_weight(evidence, params)
        unknown_weight = total - known
        value = float(evidence["value"])
        if evidence.get("outcome") == "no_data":
            head = (f"не оценена: известны факторы с весом {num(known, 1)} из {num(total, 1)} — меньше "
                    f"{pct(params.get('min_known_pct', MIN_KNOWN_PCT))}")
        else:
            head = (f"вес факторов за порогом {num(value, 1)} из {num(total, 1)}, планка {num(params['bar'], 1)} — "
                    + ("достигнута" if evidence.get("outcome") == "met" else "не достигнута"))
        lines = [head]
        for f, (v, flag) in zip(factors(params), d["factors"], strict=False):
            t = BY_CODE[f]
            rule = "сельская местность" if t.default is None else f"порог {pct(self.threshold(params, f))}"
            if flag is None:
                lines.append(f"{t.label}: нет данных — не входит в сумму (вес {num(weights[f], 1)})")
                continue
            verdict = f"за порогом, вес {num(weights[f], 1)}" if flag == 1 else "не за порогом"
            lines.append(f"{t.label}: {self.factor_value(f, v)} ({rule}) — {verdict}")
        # unknown factors could have decided the outcome: said so, the outcome still rests on the known ones
        if (evidence.get("outcome") == "not_met" and unknown_weight > 0
                and milli(value + unknown_weight) >= milli(params["bar"])):
            lines.append(f"Неизвестные факторы (вес {num(unknown_weight, 1)}) могли бы довести сумму до планки: "
                         f"итог — по известным факторам.")
        return lines


HEAD = Layout(scalars=("value", "sample", "year", "known"))

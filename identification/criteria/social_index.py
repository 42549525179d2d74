"""Social well-being index (the ИСБШ idea; no official formula — ours is explicit and configurable): the
school's factors of social and economic disadvantage (shares of students in difficult circumstances) and of
resource deficits (the Kalininsky district regulation, п. 1.3, see docs/domain.md: vacancies, young specialists,
students per teacher) as z-scores within the comparison group, weighted and averaged into a disadvantage score;
the schools with the highest score — the bottom X % of well-being — meet the criterion (ШССУ)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .base import TABLES, CriterionKind, Param, RunContext, num, pct, plural, year_name
from .bottom_distribution import GROUPS, cut_hundredths
from .dialect import Dialect
from .figures import Layout, Versioned, integer, outcome_sql


@dataclass(frozen=True)
class Factor:
    code: str
    label: str
    numerator: str  # columns of the yearly data (alias d)
    denominator: str
    percent: bool = True  # a share shown in per cent; else a ratio shown as a number (with `unit`)
    unit: str = ""


def _students(field, label):
    return Factor(field, label, f"d.{field}", "d.students")


# the higher every factor, the more disadvantaged the school
FACTORS_SPEC = (
    _students("students_low_income", _("из малоимущих семей")),
    _students("students_single_parent", _("из неполных семей")),
    _students("students_parents_no_higher_ed", _("родители без высшего образования")),
    _students("students_non_native", _("русский язык не родной")),
    _students("students_disabled", _("с ОВЗ")),
    _students("students_preventive_register", _("на профилактическом учёте")),
    _students("students_unexcused_absences", _("с пропусками без уважительной причины")),
    # resource deficits
    Factor("vacancies", _("незанятые ставки: вакансии от штата с вакансиями"), "d.vacancies",
           "(d.teachers + d.vacancies)"),
    Factor("young_specialists", _("молодые специалисты среди педагогов"), "d.young_specialists", "d.teachers"),
    Factor("students_per_teacher", _("обучающихся на одного педагога"), "d.students", "d.teachers", percent=False),
)
BY_CODE = {f.code: f for f in FACTORS_SPEC}
FACTORS = tuple((f.code, f.label) for f in FACTORS_SPEC)
MARKER = -1e9  # the first scalar of the current figures (earlier runs began with the index, never this low)
# a school is indexed on its known factors only when they carry at least this share of the total weight
# (methodologies saved before unknown values were kept as NULL lack the parameter and read this default)
MIN_KNOWN_PCT = 50.0


class SocialIndex(CriterionKind):
    code = "social_index"
    label = _("Индекс социального благополучия")
    description = _("Взвешенное среднее z-оценок факторов социально-экономического неблагополучия (доли "
                    "обучающихся в сложных обстоятельствах) и ресурсных дефицитов (вакансии, молодые специалисты, "
                    "обучающиеся на одного педагога) среди школ муниципалитета или региона; школы с самым низким "
                    "благополучием (нижние X %) выполняют критерий, школы с таким же индексом, как у вошедшей, "
                    "тоже.")
    statuses = ("dsc",)
    # ranking within the group makes the count a quota: said wherever the kind is chosen or read
    warning = _("Квота: этот вид заранее задаёт число ШССУ — нижняя часть каждого муниципалитета (или региона) "
                "выполняет критерий независимо от того, есть ли в школах неблагополучие; даже в муниципалитете, где "
                "все школы благополучны, заданная доля школ (обычно четверть) окажется ШССУ. Признаки "
                "неблагополучия с постоянными порогами проверяет вид «Социальное неблагополучие и ресурсные "
                "дефициты (пороги)».")
    params = (
        Param("weights", _("Веса факторов"), "weights", {f: 1.0 for f, _label in FACTORS}, choices=FACTORS),
        Param("bottom_pct", _("Нижние по благополучию, %"), "float", 25.0, 1, 50),
        Param("group", _("Среди школ"), "choice", "municipality", choices=GROUPS),
        Param("min_students", _("Обучающихся не меньше"), "int", 1, 1, 10000),
        Param("min_known_pct", _("Известные факторы — не меньше, % веса"), "float", MIN_KNOWN_PCT, 1, 100,
              help=_("Школа, у которой известны факторы с меньшим весом, не оценивается.")),
    )

    def describe(self, params):
        return _("индекс благополучия в нижних %(pct)s школ %(group)s (квота: число ШССУ задано заранее)") % {
            "pct": pct(params["bottom_pct"]), "group": dict(GROUPS)[params["group"]]}

    def plain(self, params, sample):
        weights = params["weights"]
        group = "региона" if params["group"] == "region" else "своего муниципалитета"
        x = pct(params["bottom_pct"])
        known = pct(params.get("min_known_pct", MIN_KNOWN_PCT))
        listed = "; ".join(f"{BY_CODE[f].label} — вес {num(w, 1)}" for f, w in weights.items() if f in BY_CODE)
        return [
            str(self.warning),
            f"По данным о контингенте и кадрах за последний год для каждой школы считаются факторы: {listed}. "
            f"Доли обучающихся считаются от числа обучающихся, вакансии — от суммы педагогов и вакансий, молодые "
            f"специалисты — от числа педагогов.",
            f"Каждый фактор переводится в z-оценку среди школ {group}: насколько он выше среднего по этим школам, в "
            f"стандартных отклонениях (если у всех школ фактор одинаков — 0). Индекс "
            f"неблагополучия — среднее z-оценок с весами; индекс благополучия на странице — он же с обратным знаком.",
            f"Школы {group} упорядочиваются от наименее благополучной (индексы сравниваются с точностью до девяти "
            f"знаков). Место школы — 1 плюс число школ с большим неблагополучием; школа в нижних {x}, если её место "
            f"не больше {x} от числа школ; школы с равным индексом получают одно место и входят вместе.",
            f"Учитываются школы, где обучающихся не меньше {params['min_students']}.",
            f"Неизвестный фактор («нет данных»: значение не внесено или его знаменатель равен 0) не считается нулём: "
            f"он не входит ни в среднее по школам, ни в индекс школы — индекс школы считается по её известным "
            f"факторам (сумма весов — только их). Школа, у которой известны факторы меньше чем с {known} общего "
            f"веса, не оценивается («недостаточно данных») и не входит в число школ для места.",
        ]

    def sql(self, ctx: RunContext, params: dict, d: Dialect) -> tuple[str, list]:
        weights = params["weights"]
        fields = list(weights)
        group_cond, group_params = ctx.group_sql(params["group"], "s")
        scope_cond, scope_params = ctx.scope_sql("s2")
        def window(alias):
            return f"PARTITION BY {alias}.muni" if params["group"] == "municipality" else ""

        # a factor without a value (unknown, or its denominator 0) is NULL: AVG leaves it out of the group's mean
        # and deviation, and the school's index is the weighted mean of its known factors only
        shares = ", ".join(f"{d.real(BY_CODE[f].numerator)} / NULLIF({BY_CODE[f].denominator}, 0) AS x{i}"
                           for i, f in enumerate(fields))
        # mean and population standard deviation of every factor within the comparison group
        stats = ", ".join(f"AVG(b.x{i}) OVER ({window('b')}) AS m{i}, "
                          f"AVG(b.x{i} * b.x{i}) OVER ({window('b')}) AS q{i}" for i in range(len(fields)))
        z = [f"CASE WHEN st.x{i} IS NULL THEN NULL WHEN st.q{i} - st.m{i} * st.m{i} > {d.number(1e-15)} "
             f"THEN (st.x{i} - st.m{i}) / SQRT(st.q{i} - st.m{i} * st.m{i}) ELSE 0 END" for i in range(len(fields))]
        total_weight = sum(weights.values())
        score = " + ".join(f"{d.number(weights[f])} * COALESCE(zs.z{i}, 0)" for i, f in enumerate(fields))
        known = " + ".join(f"(CASE WHEN zs.z{i} IS NULL THEN 0 ELSE {d.number(weights[f])} END)"
                           for i, f in enumerate(fields))
        # evaluated: the known factors carry enough of the weight (compared in hundredths of a per cent)
        min_known = round(float(params.get("min_known_pct", MIN_KNOWN_PCT)) * 100)
        evaluated = f"(CASE WHEN ({known}) * 10000 >= {d.number(total_weight * min_known)} THEN 1 ELSE 0 END)"
        # the place from the most disadvantaged end: 1 + schools with a higher index (RANK), so every school tied
        # with one inside the bottom X % is inside too — the rule of the bottom of the distribution; and the share
        # of schools at least as disadvantaged (CUME_DIST) for the reader. The index is a floating-point sum of
        # z-scores compared to nine decimal places: equal indices added up in different orders differ in their
        # last bits, which must not order the schools
        key = d.round("sc.score", 9)
        # the schools not evaluated are ranked apart (their own partition) and never counted in the group's size
        part = "PARTITION BY sc.muni, sc.ok" if params["group"] == "municipality" else "PARTITION BY sc.ok"
        sql_ranked = f"""
            SELECT sc.*, CUME_DIST() OVER ({part} ORDER BY {key} DESC) AS cd,
                   RANK() OVER ({part} ORDER BY {key} DESC) AS place,
                   COUNT(*) OVER ({part}) AS size
            FROM (
                SELECT zs.*, ({score}) / NULLIF({known}, 0) AS score, {evaluated} AS ok
                FROM (
                    SELECT st.school_id, st.muni, st.students, {", ".join(f"st.x{i}" for i in range(len(fields)))},
                           {", ".join(f"{expr} AS z{i}" for i, expr in enumerate(z))}
                    FROM (
                        SELECT b.*, {stats}
                        FROM (
                            SELECT d.school_id, s.municipality_id AS muni, d.students, {shares}
                            FROM {TABLES['yearly']} d
                            JOIN {TABLES['year']} y ON y.id = d.school_year_id
                            JOIN {TABLES['school']} s ON s.id = d.school_id
                            WHERE {group_cond} AND s.is_active = %s AND y.start_year = {int(ctx.year)}
                              AND d.students >= {int(params['min_students'])}
                        ) b
                    ) st
                ) zs
            ) sc
        """
        outcome = outcome_sql(f"k.ok = 1 AND k.place * 10000 <= k.size * {cut_hundredths(params)}", "k.ok = 0")
        # a school not evaluated keeps its factors (shown, unknown ones as «нет данных»); its index and place are 0
        fig = CURRENT_HEAD.head(d, outcome, {
            "layout": str(MARKER), "value": f"CASE WHEN k.ok = 1 THEN {d.round('-k.score', 2)} ELSE 0 END",
            "sample": "k.students", "year": str(int(ctx.year)),
            "rank_pct": f"CASE WHEN k.ok = 1 THEN {d.round('100 * k.cd', 1)} ELSE 0 END",
            "size": "CASE WHEN k.ok = 1 THEN k.size ELSE 0 END", "place": "CASE WHEN k.ok = 1 THEN k.place ELSE 0 END"})
        factors = d.nums(*(e for i in range(len(fields))
                           for e in (f"COALESCE({d.round(f'100 * k.x{i}', 1)}, -1)",
                                     f"COALESCE({d.round(f'k.z{i}', 2)}, 0)")))
        sql = f"""
            SELECT k.school_id, {outcome} AS oc, {d.concat(fig, factors)} AS fig
            FROM ({sql_ranked}) k JOIN {TABLES['school']} s2 ON s2.id = k.school_id
            WHERE {scope_cond}
        """
        return sql, [*group_params, True, *scope_params]

    def layout(self, params):
        # the index, students, year, rank and group size, (now: the place), then the value (× 100; −1 when it
        # could not be computed) and z-score of every weighted factor
        count = len(params["weights"])
        pairs = tuple(name for i in range(count) for name in (f"share{i}", f"z{i}"))
        return Versioned(
            current=Layout(scalars=(*CURRENT_HEAD.scalars, *pairs)),
            earlier=Layout(scalars=("value", "sample", "year", "rank_pct", "size",
                                    *(f"share{i}" for i in range(count)), *(f"z{i}" for i in range(count)))),
            marker=MARKER)

    def shape(self, raw, params):
        count = len(params["weights"])
        place = {"place": integer(raw["place"])} if raw.get("layout") == MARKER else {}
        return {"outcome": raw["outcome"], "value": raw["value"], "sample": integer(raw["sample"]),
                "year": integer(raw["year"]),
                "data": {"rank_pct": raw["rank_pct"], "size": integer(raw["size"]), **place,
                         "factors": [[None if raw[f"share{i}"] == -1 else raw[f"share{i}"], raw[f"z{i}"]]
                                     for i in range(count)]}}

    def regional(self, params):
        return False  # reads the yearly data, not the shared result rows

    @staticmethod
    def unknown(evidence, params) -> list[str]:
        """Labels of the school's factors that could not be computed («нет данных»)."""
        d = evidence.get("data") or {}
        return [str(BY_CODE[f].label if f in BY_CODE else f)
                for f, (share, _z) in zip(params["weights"], d.get("factors", []), strict=False) if share is None]

    def value_text(self, evidence, params):
        d = evidence.get("data")
        if "value_text" in evidence or not d:
            return super().value_text(evidence, params)
        if evidence.get("outcome") == "no_data":
            return "не оценена: известно слишком мало факторов"
        text = f"индекс {num(float(evidence['value']), signed=True)}; нижние {pct(d['rank_pct'])}"
        if unknown := self.unknown(evidence, params):
            n = len(unknown)
            text += f"; по известным факторам, нет данных: {n} {plural(n, 'фактор', 'фактора', 'факторов')}"
        return text

    def sentence(self, evidence, params):
        d = evidence.get("data") or {}
        if evidence.get("outcome") != "met" or not d.get("size"):
            return super().sentence(evidence, params)
        group = "региона" if params["group"] == "region" else "муниципалитета"
        year = f" за {year_name(evidence['year'])}" if evidence.get("year") is not None else ""
        text = (f"по данным о контингенте и кадрах{year} школа среди {pct(params['bottom_pct'])} наименее "
                f"благополучных школ {group}")
        if d.get("place") is not None:
            text += f" ({d['place']}-е место из {d['size']}, считая от наименее благополучной)"
        # the factors furthest above the group's average: what a director can check and act on
        above = sorted(((z, f, share) for f, (share, z) in zip(params["weights"], d.get("factors", []), strict=False)
                        if share is not None and z > 0 and f in BY_CODE), reverse=True)[:3]
        if above:
            text += "; выше всего относительно других школ: " + ", ".join(
                f"{self._factor_name(f)} — {self.factor_text(f, share)}" for _z, f, share in above)
        return text

    @staticmethod
    def _factor_name(code: str) -> str:
        factor = BY_CODE[code]
        return f"доля обучающихся {factor.label}" if factor.denominator == "d.students" else str(factor.label)

    def unjudged_reason(self, evidence, params, sample):
        d = evidence.get("data")
        if d and d.get("factors"):
            weights = params["weights"]
            known = sum(w for (f, w), (share, _z) in zip(weights.items(), d["factors"], strict=False)
                        if share is not None)
            unknown = self.unknown(evidence, params)
            # what is missing first (what the school can fill in), then why that is too much
            return (f"нет данных о {len(unknown)} {plural(len(unknown), 'показателе', 'показателях', 'показателях')} "
                    f"({', '.join(unknown)}): известны факторы с весом {num(known, 1)} из "
                    f"{num(sum(weights.values()), 1)} — меньше {pct(params.get('min_known_pct', MIN_KNOWN_PCT))} "
                    "общего веса")
        year = evidence.get("year") or sample.get("year")
        when = f" за {year_name(year)}" if year is not None else ""
        few = int(params.get("min_students") or 1)
        return f"нет данных о контингенте и кадрах{when}" + (
            f" или в школе меньше {few} обучающихся" if few > 1 else "")

    @staticmethod
    def factor_text(code: str, value: float | None) -> str:
        factor = BY_CODE.get(code)
        if value is None or factor is None:
            return "нет данных"
        return pct(value) if factor.percent else num(value / 100, 1)

    def explain(self, evidence, params):
        d = evidence.get("data")
        if not d:
            return []
        weights = params["weights"]
        unknown = self.unknown(evidence, params)
        if evidence.get("outcome") == "no_data":
            known = sum(w for (f, w), (share, _z) in zip(weights.items(), d["factors"], strict=False)
                        if share is not None)
            min_known = params.get("min_known_pct", MIN_KNOWN_PCT)
            head = (f"не оценена: известны факторы с весом {num(known, 1)} из {num(sum(weights.values()), 1)} — "
                    f"меньше {pct(min_known)}")
        else:
            size = d["size"]
            head = f"столько же или хуже — у {pct(d['rank_pct'])} из {size} {plural(size, 'школы', 'школ', 'школ')}"
            if d.get("place") is not None:
                head += f"; место {d['place']} от наименее благополучной"
            if unknown:
                n = len(unknown)
                word = plural(n, "неизвестного", "неизвестных", "неизвестных")
                head += f"; индекс — по известным факторам, без {n} {word}"
        return [head] + [
            f"{BY_CODE[f].label if f in BY_CODE else f}: нет данных — не входит в индекс" if share is None else
            f"{BY_CODE[f].label if f in BY_CODE else f}: {self.factor_text(f, share)} (z = {num(z, signed=True)})"
            for f, (share, z) in zip(weights, d["factors"], strict=False)]


CURRENT_HEAD = Layout(scalars=("layout", "value", "sample", "year", "rank_pct", "size", "place"))

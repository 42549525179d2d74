"""Bottom of the distribution: the school's mean score in [procedure, subject(, grade)] is among the lowest
X % of the schools of its municipality or region in ≥ N of the last M years (ШНОР practice, ESSA "lowest 5 %")."""

from django.utils.translation import gettext_lazy as _

from schools.models import Procedure, Subject

from .base import CriterionKind, Param, RunContext, num, pct, plural, subject_name, year_name
from .dialect import Dialect
from .figures import Layout, outcome_sql

GROUPS = (("municipality", _("муниципалитета")), ("region", _("региона")))


class BottomDistribution(CriterionKind):
    code = "bottom_distribution"
    label = _("Нижняя часть распределения результатов")
    description = _("Средний балл школы по процедуре и предмету входит в нижние X % школ муниципалитета "
                    "или региона не менее чем в N из последних M лет.")
    params = (
        Param("procedure", _("Процедура"), "choice", "vpr", choices=tuple(Procedure.choices)),
        Param("subject", _("Предмет (код)"), "subject", "math"),
        Param("grade", _("Класс (пусто — все классы)"), "optional_int", None, 4, 11),
        Param("bottom_pct", _("Нижние, %"), "float", 10.0, 1, 50),
        Param("group", _("Среди школ"), "choice", "municipality", choices=GROUPS),
        Param("min_years", _("Лет в нижней части не меньше"), "int", 2, 1, 5),
        Param("window_years", _("Из последних лет"), "int", 3, 1, 5),
    )

    def describe(self, params):
        grade = f" {params['grade']} кл." if params.get("grade") else ""
        return _("%(proc)s %(subj)s%(grade)s: в нижних %(pct)s школ %(group)s в ≥ %(n)s из %(m)s лет") % {
            "proc": Procedure(params["procedure"]).label, "subj": subject_name(params["subject"]), "grade": grade,
            "pct": pct(params["bottom_pct"]), "group": dict(GROUPS)[params["group"]],
            "n": params["min_years"], "m": params["window_years"]}

    def layout(self, params):
        # value: years in the bottom part; series: [year, mean score, % of schools at or below, participants,
        # schools compared] per year with enough participants
        return Layout(scalars=("value", "unreliable"), lists=(("series", ("year", "score", "rank", "n", "size")),))

    def sql(self, ctx: RunContext, params: dict, d: Dialect) -> tuple[str, list]:
        year, window = int(ctx.year), int(params["window_years"])
        min_years, limit = int(params["min_years"]), float(params["bottom_pct"]) / 100 + 1e-9
        grade_cond = f"AND r.grade = {int(params['grade'])}" if params.get("grade") else ""
        partition = "yr, muni" if params["group"] == "municipality" else "yr"
        subject_id = Subject.objects.filter(code=params["subject"]).values_list("pk", flat=True).first() or "NULL"
        # mean score per school and year (weighted by participants over grades), ranked within the comparison
        # group by CUME_DIST (the share of schools scoring the same or lower)
        ranked = f"""
            SELECT unit.*, CUME_DIST() OVER (PARTITION BY {partition} ORDER BY score) AS cd,
                   COUNT(*) OVER (PARTITION BY {partition}) AS size
            FROM (
                SELECT r.school_id, r.muni, r.yr, MAX(r.in_scope) AS in_scope,
                       -- exact (numeric) means: schools with equal results must tie in the ranking
                       SUM(r.mean_score * r.participants) / SUM(r.participants) AS score, SUM(r.participants) AS n
                FROM results r
                WHERE r.procedure = %s AND r.subject_id = {subject_id} {grade_cond}
                  AND r.yr BETWEEN {year - window + 1} AND {year} AND r.mean_score IS NOT NULL
                GROUP BY r.school_id, r.muni, r.yr
                HAVING SUM(r.participants) >= {int(ctx.min_participants)}
            ) unit
        """
        bottom = f"SUM(CASE WHEN p.cd <= {d.number(limit)} THEN 1 ELSE 0 END)"
        outcome = outcome_sql(f"{bottom} >= {min_years}", f"COUNT(*) < {min_years}")
        fig = self.layout(params).sql(
            d, outcome, {"value": bottom, "unreliable": f"CASE WHEN MIN(p.n) < {int(ctx.reliable_participants)} "
                                                        "THEN 1 ELSE 0 END"},
            {"series": {"year": "p.yr", "score": d.round("p.score", 2), "rank": d.round("100 * p.cd", 1),
                        "n": "p.n", "size": "p.size"}})
        sql = f"""
            SELECT p.school_id, {outcome} AS oc, {fig} AS fig
            FROM ({ranked}) p WHERE p.in_scope = 1 GROUP BY p.school_id
        """
        return sql, [params["procedure"]]

    def shape(self, raw, params):
        series = sorted([int(y), score, rank, int(n), int(size)] for y, score, rank, n, size in raw["series"])
        return {"outcome": raw["outcome"], "value": int(raw["value"]), "sample": series[-1][3] if series else None,
                "unreliable": bool(raw["unreliable"]), "series": series}

    def first_year(self, ctx, params):
        return ctx.year - int(params["window_years"]) + 1

    @staticmethod
    def _series(evidence) -> list:
        return sorted(evidence.get("series") or [])

    def years(self, evidence, params):
        if "years" in evidence:
            return super().years(evidence, params)
        return [point[0] for point in self._series(evidence)]

    def value_text(self, evidence, params):
        if "value_text" in evidence:
            return super().value_text(evidence, params)
        bottom, points = int(evidence.get("value") or 0), len(self._series(evidence))
        return f"{bottom} {plural(bottom, 'год', 'года', 'лет')} из {points}" if points else ""

    def explain(self, evidence, params):
        limit = params["bottom_pct"]
        return [f"{year_name(year)}: средний балл {num(score)}; столько же или меньше — у {pct(rank)} из {size} школ "
                f"(n = {n})" + ("; в нижней части" if rank <= limit + 1e-9 else "")
                for year, score, rank, n, size in BottomDistribution._series(evidence)]

    @staticmethod
    def chart_points(evidence) -> dict[int, float]:
        return {year: float(rank) for year, _score, rank, _n, _size in evidence.get("series") or []}

"""Bottom of the distribution: the school's mean score in [procedure, subject(, grade)] is among the lowest
X % of the schools of its municipality or region in ≥ N of the last M years (ШНОР practice, ESSA "lowest 5 %")."""

from django.utils.translation import gettext_lazy as _

from schools.models import Procedure

from .base import (
    TABLES,
    CriterionKind,
    Evidence,
    Outcome,
    Param,
    RunContext,
    fetch,
    num,
    pct,
    plural,
    subject_name,
    year_name,
)

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

    def evaluate(self, ctx: RunContext, params: dict) -> dict[int, Evidence]:
        first_year = ctx.year - params["window_years"] + 1
        group_cond, group_params = ctx.group_sql(params["group"], "s")
        scope_cond, scope_params = ctx.scope_sql("s2")
        grade_cond, grade_params = ("AND r.grade = %s", [params["grade"]]) if params.get("grade") else ("", [])
        partition = "yr, muni" if params["group"] == "municipality" else "yr"
        # mean score per school and year (weighted by participants over grades), ranked within the
        # comparison group by CUME_DIST: the share of schools scoring the same or lower
        sql = f"""
            WITH unit AS (
                SELECT r.school_id, s.municipality_id AS muni, y.start_year AS yr,
                       SUM(r.mean_score * r.participants) / SUM(r.participants) AS score,
                       SUM(r.participants) AS n
                FROM {TABLES['result']} r
                JOIN {TABLES['year']} y ON y.id = r.school_year_id
                JOIN {TABLES['school']} s ON s.id = r.school_id
                JOIN {TABLES['subject']} sub ON sub.id = r.subject_id
                WHERE {group_cond} AND s.is_active = %s AND r.procedure = %s AND sub.code = %s {grade_cond}
                  AND y.start_year BETWEEN %s AND %s AND r.mean_score IS NOT NULL AND r.participants > 0
                GROUP BY r.school_id, s.municipality_id, y.start_year
                HAVING SUM(r.participants) >= %s
            ), ranked AS (
                SELECT school_id, yr, score, n,
                       CUME_DIST() OVER (PARTITION BY {partition} ORDER BY score) AS cd,
                       COUNT(*) OVER (PARTITION BY {partition}) AS size
                FROM unit
            )
            SELECT ranked.school_id, yr, score, n, cd, size FROM ranked
            JOIN {TABLES['school']} s2 ON s2.id = ranked.school_id
            WHERE {scope_cond}
            ORDER BY ranked.school_id, yr
        """
        rows = fetch(sql, [*group_params, True, params["procedure"], params["subject"], *grade_params,
                           first_year, ctx.year, ctx.min_participants, *scope_params])
        limit = params["bottom_pct"] / 100
        by_school: dict[int, list] = {}
        for school_id, yr, score, n, cd, size in rows:
            by_school.setdefault(school_id, []).append((yr, float(score), n, float(cd), size))
        years = list(range(first_year, ctx.year + 1))
        result = {}
        for school_id, points in by_school.items():
            bottom = [p for p in points if p[3] <= limit + 1e-9]
            if len(bottom) >= params["min_years"]:
                outcome = Outcome.MET
            elif len(points) < params["min_years"]:
                # not enough years with data to ever reach the rule
                outcome = Outcome.NO_DATA
            else:
                outcome = Outcome.NOT_MET
            result[school_id] = Evidence(
                outcome=outcome,
                value=len(bottom),
                value_text=f"{len(bottom)} {plural(len(bottom), 'год', 'года', 'лет')} из {len(points)}",
                years=[p[0] for p in points],
                sample=points[-1][2],
                unreliable=any(p[2] < ctx.reliable_participants for p in points),
                # [year, mean score, % of schools at or below, participants, schools compared]
                series=[[yr, round(score, 2), round(100 * cd, 1), n, size] for yr, score, n, cd, size in points],
            )
        for school_id in ctx.school_ids:
            result.setdefault(school_id, Evidence(outcome=Outcome.NO_DATA, years=years))
        return result

    def explain(self, evidence, params):
        limit = params["bottom_pct"]
        return [f"{year_name(year)}: средний балл {num(score)}; столько же или меньше — у {pct(rank)} из {size} школ "
                f"(n = {n})" + ("; в нижней части" if rank <= limit + 1e-9 else "")
                for year, score, rank, n, size in evidence.get("series", [])]

    @staticmethod
    def chart_points(evidence) -> dict[int, float]:
        return {year: rank for year, _score, rank, _n, _size in evidence.get("series", [])}

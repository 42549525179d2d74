"""Task pattern signal (ФИОКО's sign of unobjective ВПР results): in the last data year, for a subject and grade, the
school's pupils did worse than the region on the basic tasks (Б) yet better on the hard ones (П, В) — by more than
chance allows. Read from the task results the per-student ВПР import keeps (schools.TaskResult). Never labels a
school: asks for review.

The rule (docs/methodology.md, «Сигнал по заданиям»): success rate = points / maximum points over the tasks of a
level; D = (school hard − region hard) − (school basic − region basic); signalled when the school is below the region
on basic tasks, above it on hard ones, and D ≥ z · SE with SE² = p_б(1 − p_б)/n_б + p_п(1 − p_п)/n_п. The pupil's
share of points lies in [0, 1], so its variance is at most p(1 − p) (the binomial bound), and the basic and hard rates
of the same pupils are positively correlated: the SE is conservative."""

from math import sqrt

from django.utils.translation import gettext_lazy as _

from schools.models import TaskLevel, TaskResult

from .base import TABLES, CriterionKind, Param, RunContext, num, pct, plural, subject_names, year_name
from .dialect import Dialect
from .figures import Layout, integer, outcome_sql

BASIC = TaskLevel.BASIC.value
HARD = (TaskLevel.ADVANCED.value, TaskLevel.HIGH.value)
TASK_TABLE = TaskResult._meta.db_table
# per subject × grade judged: subject id, grade, school basic %, region basic %, school hard %, region hard %,
# pupils, difference of differences (percentage points), its variance (points²), signalled 0/1
LAYOUT = Layout(scalars=("value", "sample", "year", "unreliable", "small", "few", "min_n", "min_schools"),
                lists=(("units", ("subject", "grade", "school_basic", "region_basic", "school_hard", "region_hard",
                                  "n", "diff", "var", "flag")),))


def _quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


class TaskPatternSignal(CriterionKind):
    code = "task_pattern"
    label = _("Сигнал по заданиям ВПР (базовые хуже, сложные лучше)")
    description = _("По каждой ВПР (предмет и класс) за последний год: ученики школы выполнили базовые задания хуже, "
                    "чем в среднем по региону, а задания повышенного и высокого уровня — лучше, и расхождение больше, "
                    "чем объясняется случайностью. Не включает школу в список сам по себе: требует проверки.")
    labels_schools = False
    statuses = ()
    params = (
        Param("z", _("Запас в стандартных ошибках (z)"), "float", 1.96, 1, 5,
              help=_("1,96 — односторонний уровень 2,5 %")),
        Param("min_region_schools", _("Школ региона с данными по заданиям, не меньше"), "int", 5, 2, 1000),
    )

    def regional(self, params):
        return True

    def describe(self, params):
        return _("ВПР: базовые задания ниже региона, сложные выше, разница разниц ≥ %(z)s ст. ош.") % {
            "z": num(params["z"])}

    def plain(self, params, sample):
        return [
            "По заданиям ВПР за последний год, для каждого предмета и класса отдельно: доля набранных баллов от "
            "максимальных на базовых заданиях (уровень «Б») и на заданиях повышенного и высокого уровня («П», «В») — "
            "у школы и у всех школ региона с результатами заданий этой работы.",
            f"Сигнал появляется, если школа ниже региона на базовых заданиях и выше на сложных, и эта «разница "
            f"разниц» не меньше {num(params['z'])} стандартной ошибки (стандартная ошибка доли — биномиальная, по "
            f"числу участников). Работы, которые писали меньше {sample['min_participants']} учеников, не "
            f"оцениваются; сравнение делается, если в регионе не меньше {int(params['min_region_schools'])} "
            f"{plural(params['min_region_schools'], 'школы', 'школ', 'школ')} с результатами заданий этой работы.",
            "Подробнее: доля успеха — сумма баллов, делённая на сумму произведений максимального балла задания на "
            "число его участников (p — у школы, r — у региона); регион — все действующие школы региона, у которых в "
            "этой работе есть задания обоих видов, включая саму школу; D = (p_п − r_п) − (p_б − r_б), "
            "SE² = p_б(1 − p_б) / n_б + p_п(1 − p_п) / n_п, где n — наибольшее число участников задания этого вида; "
            "работу писали меньшее из n_б и n_п учеников. Критерий выполнен, если сигнал есть хотя бы в одной "
            "работе; если ни одна работа школы не оценена — «недостаточно данных».",
            "Так ФИОКО описывает признак необъективных результатов: с трудными заданиями ученики справляются лучше, "
            "чем с простыми. Это только сигнал для проверки: сам по себе он не включает школу в список.",
        ]

    def sql(self, ctx: RunContext, params: dict, d: Dialect) -> tuple[str, list]:
        mp, rp = int(ctx.min_participants), int(ctx.reliable_participants)
        ms = int(params["min_region_schools"])
        universe, universe_params = ctx.group_sql("region", "s")
        in_scope = f"s.municipality_id = {int(ctx.municipality_id)}" if ctx.municipality_id else "1 = 1"
        basic, hard = f"t.level = {_quoted(BASIC)}", f"t.level IN ({', '.join(_quoted(h) for h in HARD)})"
        # per school × subject × grade: points and maximum points on each level, pupils (the most on a task)
        units = f"""
            SELECT t.school_id, t.subject_id AS subj, t.grade,
                   MAX(CASE WHEN {in_scope} THEN 1 ELSE 0 END) AS in_scope,
                   SUM(CASE WHEN {basic} THEN t.points ELSE 0 END) AS bp,
                   SUM(CASE WHEN {basic} THEN t.max_points * t.participants ELSE 0 END) AS bm,
                   MAX(CASE WHEN {basic} THEN t.participants ELSE 0 END) AS bn,
                   SUM(CASE WHEN {hard} THEN t.points ELSE 0 END) AS hp,
                   SUM(CASE WHEN {hard} THEN t.max_points * t.participants ELSE 0 END) AS hm,
                   MAX(CASE WHEN {hard} THEN t.participants ELSE 0 END) AS hn
            FROM {TASK_TABLE} t
            JOIN {TABLES['year']} y ON y.id = t.school_year_id
            JOIN {TABLES['school']} s ON s.id = t.school_id
            WHERE {universe} AND s.is_active = %s AND y.start_year = {int(ctx.year)} AND t.procedure = 'vpr'
              AND ({basic} OR {hard})
            GROUP BY t.school_id, t.subject_id, t.grade
        """
        both = "u.bm > 0 AND u.hm > 0"  # a work with tasks of both kinds
        region = f"""
            SELECT u.subj, u.grade, SUM(u.bp) AS rbp, SUM(u.bm) AS rbm, SUM(u.hp) AS rhp, SUM(u.hm) AS rhm,
                   COUNT(*) AS schools
            FROM ({units}) u WHERE {both} GROUP BY u.subj, u.grade
        """
        rates = f"""
            SELECT u.school_id, u.subj, u.grade, u.bn, u.hn, r.schools,
                   CASE WHEN u.bn < u.hn THEN u.bn ELSE u.hn END AS n,
                   {d.real('u.bp')} / u.bm AS sb, {d.real('r.rbp')} / r.rbm AS rb,
                   {d.real('u.hp')} / u.hm AS sh, {d.real('r.rhp')} / r.rhm AS rh,
                   CASE WHEN u.bp * r.rbm < r.rbp * u.bm AND u.hp * r.rhm > r.rhp * u.hm THEN 1 ELSE 0 END AS pattern
            FROM ({units}) u JOIN ({region}) r ON r.subj = u.subj AND r.grade = u.grade
            WHERE u.in_scope = 1 AND {both}
        """
        z = d.number(params["z"])
        tested = f"""
            SELECT q.*, (q.sh - q.rh) - (q.sb - q.rb) AS diff,
                   q.sb * (1 - q.sb) / q.bn + q.sh * (1 - q.sh) / q.hn AS var,
                   CASE WHEN q.n >= {mp} AND q.schools >= {ms} THEN 1 ELSE 0 END AS judged
            FROM ({rates}) q
        """
        flag = f"CASE WHEN f.judged = 1 AND f.pattern = 1 AND f.diff * f.diff >= {z} * {z} * f.var THEN 1 ELSE 0 END"
        flagged = f"SELECT f.*, {flag} AS flag FROM ({tested}) f"
        judged = "g.judged = 1"
        outcome = outcome_sql("MAX(g.flag) = 1", "SUM(g.judged) = 0")
        head = LAYOUT.head(d, outcome, {
            "value": f"MAX({d.round('g.diff * 100', 1)}) FILTER (WHERE {judged})",
            "sample": f"COALESCE(SUM(g.n) FILTER (WHERE {judged}), 0)", "year": str(int(ctx.year)),
            "unreliable": f"CASE WHEN MIN(g.n) FILTER (WHERE {judged}) < {rp} THEN 1 ELSE 0 END",
            "small": f"SUM(CASE WHEN g.n < {mp} THEN 1 ELSE 0 END)",
            "few": f"SUM(CASE WHEN g.n >= {mp} AND g.schools < {ms} THEN 1 ELSE 0 END)",
            "min_n": str(mp), "min_schools": str(ms)})
        tail = LAYOUT.tail(d, {"units": {
            "subject": "g.subj", "grade": "g.grade", "school_basic": d.round("g.sb * 100", 1),
            "region_basic": d.round("g.rb * 100", 1), "school_hard": d.round("g.sh * 100", 1),
            "region_hard": d.round("g.rh * 100", 1), "n": "g.n", "diff": d.round("g.diff * 100", 1),
            "var": d.round("g.var * 10000", 4), "flag": "g.flag"}}, where={"units": judged})
        sql = f"""
            SELECT g.school_id, {outcome} AS oc, {d.concat(head, tail)} AS fig
            FROM ({flagged}) g GROUP BY g.school_id
        """
        # the units subquery is spelled twice (the school's and the region's side): its parameters twice
        return sql, [*universe_params, True, *universe_params, True]

    def layout(self, params):
        return LAYOUT

    def shape(self, raw, params):
        return {"outcome": raw["outcome"], "value": raw["value"], "sample": integer(raw["sample"]),
                "year": integer(raw["year"]), "unreliable": bool(raw["unreliable"]), "small": int(raw["small"]),
                "few": int(raw["few"]), "min_n": int(raw["min_n"]), "min_schools": int(raw["min_schools"]),
                # [subject id, grade, school basic %, region basic %, school hard %, region hard %, n, diff, var, flag]
                "units": [[int(s), int(g), sb, rb, sh, rh, int(n), diff, var, int(f)]
                          for s, g, sb, rb, sh, rh, n, diff, var, f in sorted(raw["units"])]}

    @staticmethod
    def _unit_name(names, subject, grade):
        return f"ВПР, {str(names.get(subject, subject)).lower()}, {grade} кл."

    def explain(self, evidence, params):
        names, z = subject_names(), float(params["z"])
        lines = []
        for subject, grade, sb, rb, sh, rh, n, diff, var, flag in evidence.get("units") or []:
            margin = z * sqrt(max(var, 0.0))
            lines.append(f"{self._unit_name(names, subject, grade)}: базовые задания — школа {pct(sb)}, регион "
                         f"{pct(rb)}; сложные — школа {pct(sh)}, регион {pct(rh)} (n = {n}); разница разниц "
                         f"{num(diff, 1, signed=True)} п. п. при пороге {num(margin, 1)} п. п."
                         + (" — сигнал" if flag else ""))
        year = evidence.get("year")
        small, few = int(evidence.get("small") or 0), int(evidence.get("few") or 0)
        if small and year is not None:
            lines.append(f"Не оценивались — меньше {evidence.get('min_n')} участников: {small} "
                         f"{plural(small, 'работа', 'работы', 'работ')} за {year_name(year)}")
        if few and year is not None:
            lines.append(f"Не оценивались — в регионе меньше {evidence.get('min_schools')} школ с результатами "
                         f"заданий: {few} {plural(few, 'работа', 'работы', 'работ')} за {year_name(year)}")
        return lines

    def value_text(self, evidence, params):
        if evidence.get("value") is None:
            return "нет оценённых работ"
        flagged = sum(1 for unit in evidence.get("units") or [] if unit[-1])
        text = f"наибольшая разница разниц {num(evidence['value'], 1, signed=True)} п. п."
        if flagged:
            text += f"; сигнал в {flagged} {plural(flagged, 'работе', 'работах', 'работах')}"
        return text

    def sentence(self, evidence, params):
        names = subject_names()
        flagged = [u for u in evidence.get("units") or [] if u[-1]]
        if not flagged:
            return str(self.describe(params))
        # the work with the largest gap speaks for the rest (all of them are listed under «подробнее»)
        subject, grade, sb, rb, sh, rh, *_rest = max(flagged, key=lambda u: u[7])
        head = (f"в {self._unit_name(names, subject, grade)} за {year_name(evidence['year'])} ученики справились с "
                f"базовыми заданиями хуже, чем в среднем по региону ({pct(sb)} против {pct(rb)}), а со сложными — "
                f"лучше ({pct(sh)} против {pct(rh)})")
        more = len(flagged) - 1
        return head + (f"; так же ещё в {more} {plural(more, 'работе', 'работах', 'работах')} ВПР" if more else "")

    def unjudged_reason(self, evidence, params, sample):
        year = evidence.get("year")
        small, few = int(evidence.get("small") or 0), int(evidence.get("few") or 0)
        if year is None:
            return ("нет результатов заданий ВПР с уровнями (базовые и сложные задания) за последний год: их даёт "
                    "загрузка индивидуальных результатов ВПР с уровнями заданий")
        reasons = []
        if small:
            reasons.append(f"меньше {evidence['min_n']} участников в {small} "
                           f"{plural(small, 'работе', 'работах', 'работах')}")
        if few:
            reasons.append(f"в регионе меньше {evidence['min_schools']} школ с результатами заданий для {few} "
                           f"{plural(few, 'работы', 'работ', 'работ')}")
        return f"за {year_name(year)} ни одна работа не оценена: " + ", ".join(reasons)

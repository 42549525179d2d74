"""Share of failing marks: «2» (ЕГЭ: below the minimum score) ≥ X % in a procedure,
in ≥ N procedures of the year, or in the same procedure K years running (Рособрнадзор risk rule)."""

from django.utils.translation import gettext_lazy as _

from schools.models import Procedure

from .base import TABLES, CriterionKind, Evidence, Outcome, Param, RunContext, fetch, pct, plural, year_name


class FailingShare(CriterionKind):
    code = "failing_share"
    label = _("Доля неудовлетворительных результатов")
    description = _("Доля отметок «2» (в ЕГЭ — результатов ниже минимального балла) в процедуре не меньше "
                    "порога в нескольких процедурах года или в одной и той же процедуре несколько лет подряд.")
    params = (
        Param("threshold_pct", _("Порог доли «2», %"), "float", 30.0, 0.1, 100),
        Param("min_procedures", _("Процедур за год не меньше"), "int", 2, 1, 50),
        Param("years_running", _("Или в одной процедуре лет подряд"), "int", 2, 2, 5),
        Param("procedures", _("Процедуры"), "multichoice", ["vpr", "oge", "ege"], choices=tuple(Procedure.choices)),
    )

    def describe(self, params):
        return _("доля «2» ≥ %(t)s в ≥ %(n)s процедурах года или в одной процедуре %(k)s года подряд") % {
            "t": pct(params["threshold_pct"]), "n": params["min_procedures"], "k": params["years_running"]}

    def evaluate(self, ctx: RunContext, params: dict) -> dict[int, Evidence]:
        k = params["years_running"]
        first_year = ctx.year - k + 1
        procs = list(params["procedures"])
        scope, scope_params = ctx.scope_sql("s")
        thr = params["threshold_pct"]
        marks = ", ".join(["%s"] * len(procs))
        # one row per school: units (procedure × subject × grade) judged and flagged this year, the longest
        # run of flagged years of one unit within the window, and the sample behind this year's figures
        sql = f"""
            SELECT u.school_id,
                   SUM(u.judged_now), SUM(u.flagged_now), MAX(u.flagged_years), MAX(u.share_now),
                   SUM(u.participants_now), SUM(u.small_now)
            FROM (
                SELECT r.school_id,
                       MAX(CASE WHEN y.start_year = %s AND r.participants >= %s THEN 1 ELSE 0 END) AS judged_now,
                       MAX(CASE WHEN y.start_year = %s AND r.participants >= %s
                                 AND r.mark2 * 100.0 >= %s * r.participants THEN 1 ELSE 0 END) AS flagged_now,
                       SUM(CASE WHEN r.participants >= %s AND r.mark2 * 100.0 >= %s * r.participants
                                THEN 1 ELSE 0 END) AS flagged_years,
                       MAX(CASE WHEN y.start_year = %s AND r.participants >= %s
                                THEN r.mark2 * 100.0 / r.participants END) AS share_now,
                       SUM(CASE WHEN y.start_year = %s THEN r.participants ELSE 0 END) AS participants_now,
                       MAX(CASE WHEN y.start_year = %s AND r.participants < %s THEN 1 ELSE 0 END) AS small_now
                FROM {TABLES['result']} r
                JOIN {TABLES['year']} y ON y.id = r.school_year_id
                JOIN {TABLES['school']} s ON s.id = r.school_id
                WHERE {scope} AND y.start_year BETWEEN %s AND %s AND r.procedure IN ({marks})
                  AND r.participants > 0
                GROUP BY r.school_id, r.procedure, r.subject_id, r.grade
            ) u
            GROUP BY u.school_id
        """
        mp = ctx.min_participants
        sql_params = [ctx.year, mp, ctx.year, mp, thr, mp, thr, ctx.year, mp, ctx.year, ctx.year, mp,
                      *scope_params, first_year, ctx.year, *procs]
        rows = fetch(sql, sql_params)
        flagged_detail = self._flagged_units(ctx, params, first_year, procs, scope, scope_params)
        years = list(range(first_year, ctx.year + 1))
        result = {}
        worst_text = str(_("Наибольшая доля «2» в %(y)s: %(v)s"))  # translated once, not per school
        for school_id, judged, flagged, longest, worst, participants, small in rows:
            met = flagged >= params["min_procedures"] or longest >= k
            if met:
                outcome = Outcome.MET
            elif judged:
                outcome = Outcome.NOT_MET
            else:
                outcome = Outcome.NO_DATA
            details = flagged_detail.get(school_id, [])
            result[school_id] = Evidence(
                outcome=outcome,
                value=int(flagged),
                value_text=f"{int(flagged)} {plural(flagged, 'процедура', 'процедуры', 'процедур')} в "
                           f"{year_name(ctx.year)}" + (f"; {longest} года подряд в одной" if longest >= k else ""),
                years=years,
                sample=int(participants or 0),
                details=[d[0] for d in details] or ([worst_text % {"y": year_name(ctx.year), "v": pct(worst)}]
                                                    if worst is not None else []),
                unreliable=bool(small) or any(d[1] for d in details),
            )
        return result

    def _flagged_units(self, ctx, params, first_year, procs, scope, scope_params) -> dict[int, list]:
        """The procedures behind a "met": only flagged rows, so the query returns few rows."""
        marks = ", ".join(["%s"] * len(procs))
        sql = f"""
            SELECT r.school_id, r.procedure, sub.name, r.grade, y.start_year, r.mark2, r.participants
            FROM {TABLES['result']} r
            JOIN {TABLES['year']} y ON y.id = r.school_year_id
            JOIN {TABLES['school']} s ON s.id = r.school_id
            JOIN {TABLES['subject']} sub ON sub.id = r.subject_id
            WHERE {scope} AND y.start_year BETWEEN %s AND %s AND r.procedure IN ({marks})
              AND r.participants >= %s AND r.mark2 * 100.0 >= %s * r.participants
            ORDER BY r.school_id, y.start_year DESC, r.procedure, sub.name, r.grade
        """
        rows = fetch(sql, [*scope_params, first_year, ctx.year, *procs, ctx.min_participants,
                           params["threshold_pct"]])
        labels = dict(Procedure.choices)
        out: dict[int, list] = {}
        for school_id, proc, subject, grade, year, mark2, participants in rows:
            small = participants < ctx.reliable_participants
            line = (f"{labels[proc]} {subject.lower()} {grade} кл., {year_name(year)}: "
                    f"{pct(100 * mark2 / participants)} (n = {participants}{', малая выборка' if small else ''})")
            out.setdefault(school_id, []).append((line, small))
        return out

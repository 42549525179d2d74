"""Share of failing marks: «2» (ЕГЭ: below the minimum score) ≥ X % in a procedure,
in ≥ N procedures of the year, or in the same procedure K years running (Рособрнадзор risk rule)."""

from django.utils.translation import gettext_lazy as _

from schools.models import Procedure

from .base import CriterionKind, Param, RunContext, pct, plural, subject_names, year_name
from .dialect import Dialect


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

    def sql(self, ctx: RunContext, params: dict, d: Dialect) -> tuple[str, list]:
        # validated numbers are written into the SQL as literals; strings stay parameters
        k, year = int(params["years_running"]), int(ctx.year)
        mp, rp, thr = int(ctx.min_participants), int(ctx.reliable_participants), float(params["threshold_pct"])
        procs = list(params["procedures"])
        now = f"r.yr = {year}"
        judged = f"r.participants >= {mp}"
        flagged = f"{judged} AND r.mark2 * 100 >= {d.number(thr)} * r.participants"
        small = f"CASE WHEN r.participants < {rp} THEN 1 ELSE 0 END"
        # one row per unit (procedure × subject × grade): judged and flagged this year, flagged years in the
        # window (all of them = K years running), the flagged years themselves for the evidence
        units = f"""
            SELECT r.school_id, r.procedure, r.subject_id, r.grade,
                   MAX(CASE WHEN {now} AND {judged} THEN 1 ELSE 0 END) AS judged_now,
                   MAX(CASE WHEN {now} AND {flagged} THEN 1 ELSE 0 END) AS flagged_now,
                   SUM(CASE WHEN {flagged} THEN 1 ELSE 0 END) AS flagged_years,
                   MAX(CASE WHEN {now} AND {judged} THEN {d.real('r.mark2')} * 100 / r.participants END) AS share_now,
                   SUM(CASE WHEN {now} THEN r.participants ELSE 0 END) AS participants_now,
                   MAX(CASE WHEN {now} AND NOT ({judged}) THEN 1 ELSE 0 END) AS small_now,
                   MAX(CASE WHEN {flagged} THEN {small} ELSE 0 END) AS flagged_small,
                   {d.agg(d.arr('r.yr', 'r.mark2', 'r.participants', small), order='r.yr DESC',
                          where=flagged)} AS flagged
            FROM results r
            WHERE r.in_scope = 1 AND r.yr BETWEEN {year - k + 1} AND {year}
              AND r.procedure IN ({", ".join(["%s"] * len(procs))})
            GROUP BY r.school_id, r.procedure, r.subject_id, r.grade
        """
        outcome = (f"CASE WHEN SUM(u.flagged_now) >= {int(params['min_procedures'])} OR MAX(u.flagged_years) >= {k} "
                   "THEN 'met' WHEN SUM(u.judged_now) > 0 THEN 'not_met' ELSE 'no_data' END")
        evidence = d.obj(
            outcome=outcome, value="SUM(u.flagged_now)", longest="MAX(u.flagged_years)",
            sample="SUM(u.participants_now)", worst=d.arr(str(year), d.round("MAX(u.share_now)", 1)),
            unreliable=d.boolean("MAX(u.small_now) = 1 OR MAX(u.flagged_small) = 1"),
            # [procedure, subject id, grade, [[year, «2», participants, small sample 0/1], …]] of flagged units
            units=d.agg(d.arr("u.procedure", "u.subject_id", "u.grade", d.nested("u.flagged")),
                        where="u.flagged_years > 0"))
        sql = f"SELECT u.school_id, {outcome} AS outcome, {evidence} AS ev FROM ({units}) u GROUP BY u.school_id"
        return sql, procs

    def first_year(self, ctx, params):
        return ctx.year - int(params["years_running"]) + 1

    def _year(self, evidence) -> int | None:
        worst = evidence.get("worst")
        return worst[0] if worst else None

    def years(self, evidence, params):
        if "years" in evidence or self._year(evidence) is None:
            return super().years(evidence, params)
        year = self._year(evidence)
        return list(range(year - params["years_running"] + 1, year + 1))

    def value_text(self, evidence, params):
        if "value_text" in evidence or self._year(evidence) is None:
            return super().value_text(evidence, params)
        flagged, longest = int(evidence.get("value") or 0), int(evidence.get("longest") or 0)
        text = f"{flagged} {plural(flagged, 'процедура', 'процедуры', 'процедур')} в {year_name(self._year(evidence))}"
        if longest >= params["years_running"]:
            text += f"; {longest} {plural(longest, 'год', 'года', 'лет')} подряд в одной"
        return text

    def explain(self, evidence, params):
        if "details" in evidence:
            return super().explain(evidence, params)
        labels, names = dict(Procedure.choices), subject_names()
        lines = []
        for proc, subject_id, grade, flagged in evidence.get("units") or []:
            for year, mark2, participants, small in flagged:
                lines.append(((-year, proc, names.get(subject_id, ""), grade),
                              f"{labels.get(proc, proc)} {names.get(subject_id, '').lower()} {grade} кл., "
                              f"{year_name(year)}: {pct(100 * mark2 / participants)} (n = {participants}"
                              f"{', малая выборка' if small else ''})"))
        if lines:
            return [line for _key, line in sorted(lines)]
        year, worst = (evidence.get("worst") or [None, None])[:2]
        if worst is None:
            return []
        return [str(_("Наибольшая доля «2» в %(y)s: %(v)s")) % {"y": year_name(year), "v": pct(float(worst))}]

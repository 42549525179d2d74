"""Share of failing marks: «2» (ЕГЭ: below the minimum score) ≥ X % in a result (procedure × subject × grade × year),
in ≥ N results of the year, or in the same result K years running (Рособрнадзор risk rule). The count is of
results, so the words say «результат» (docs/methodology.md, «Единица сравнения»)."""

from django.utils.translation import gettext_lazy as _

from schools.models import Procedure

from .base import CriterionKind, Param, RunContext, pct, plural, subject_names, year_name
from .dialect import Dialect
from .figures import Layout, Versioned, integer, outcome_sql

MARKER = -2  # the first scalar of the current figures (runs stored before began with a count ≥ 0)
# value: units flagged this year; longest: most flagged years of one unit in the window; small: units of the year
# under the minimum of participants (not judged), min_n: that minimum; flagged: the flagged unit-years (procedure
# index, subject id, grade, year, «2», participants, small sample)
FLAGGED = (("flagged", ("procedure", "subject", "grade", "year", "mark2", "participants", "small")),)
CURRENT = Layout(scalars=("layout", "value", "longest", "sample", "year", "worst", "unreliable", "small", "min_n"),
                 lists=FLAGGED)
EARLIER = Layout(scalars=("value", "longest", "sample", "year", "worst", "unreliable"), lists=FLAGGED)


class FailingShare(CriterionKind):
    code = "failing_share"
    label = _("Доля неудовлетворительных результатов")
    description = _("Доля отметок «2» (в ЕГЭ — баллов ниже минимального) в результате — одной процедуре, предмете "
                    "и классе за год — не меньше порога в нескольких результатах года или в одном и том же "
                    "результате несколько лет подряд.")
    params = (
        Param("threshold_pct", _("Порог доли «2», %"), "float", 30.0, 0.1, 100),
        Param("min_procedures", _("Результатов за год не меньше"), "int", 2, 1, 50),
        Param("years_running", _("Или в одном результате лет подряд"), "int", 2, 2, 5),
        Param("procedures", _("Процедуры"), "multichoice", ["vpr", "oge", "ege"], choices=tuple(Procedure.choices)),
    )

    def describe(self, params):
        n, k = params["min_procedures"], params["years_running"]
        return _("доля «2» ≥ %(t)s в ≥ %(n)s %(results)s года или в одном результате %(k)s %(years)s подряд") % {
            "t": pct(params["threshold_pct"]), "n": n, "k": k,
            "results": plural(n, "результате", "результатах", "результатах"), "years": plural(k, "год", "года", "лет")}

    def plain(self, params, sample):
        labels = dict(Procedure.choices)
        t, n, k = pct(params["threshold_pct"]), params["min_procedures"], params["years_running"]
        return [
            f"Результат — это одна процедура, один предмет и один класс за один год (например, ВПР по математике "
            f"в 5 классе). Для каждого результата считается доля участников с отметкой «2» (в ЕГЭ — с баллом "
            f"ниже минимального). Учитываются: {', '.join(str(labels[p]) for p in params['procedures'])}.",
            f"Результат с числом участников меньше {sample['min_participants']} не оценивается и не учитывается; "
            f"на странице «почему» он указан как неоценённый.",
            f"Критерий выполнен, если в последнем учебном году доля «2» не меньше {t} хотя бы в {n} "
            f"{plural(n, 'результате', 'результатах', 'результатах')}, или если в одном и том же результате "
            f"(процедура, предмет, класс) доля «2» не меньше {t} {k} {plural(k, 'год', 'года', 'лет')} подряд, "
            f"до последнего года включительно.",
            "Если у школы в последнем году нет ни одного оценённого результата — «недостаточно данных».",
        ]

    def layout(self, params):
        return Versioned(current=CURRENT, earlier=EARLIER, marker=MARKER)

    def sql(self, ctx: RunContext, params: dict, d: Dialect) -> tuple[str, list]:
        # validated numbers are written into the SQL as literals; strings stay parameters
        k, year = int(params["years_running"]), int(ctx.year)
        mp, rp, thr = int(ctx.min_participants), int(ctx.reliable_participants), float(params["threshold_pct"])
        procs = list(params["procedures"])
        rows = (f"r.in_scope = 1 AND r.yr BETWEEN {year - k + 1} AND {year} "
                f"AND r.procedure IN ({', '.join(['%s'] * len(procs))})")
        judged = f"r.participants >= {mp}"
        flagged = f"{judged} AND r.mark2 * 100 >= {d.number(thr)} * r.participants"
        now = f"r.yr = {year}"
        # result rows are unique per unit (procedure × subject × grade) and year, so per school: units
        # judged and flagged this year, and the largest share «2» — one aggregate, no grouping by unit
        per_school = f"""
            SELECT r.school_id,
                   COUNT(*) FILTER (WHERE {now} AND {flagged}) AS flagged_now,
                   COUNT(*) FILTER (WHERE {now} AND {judged}) AS judged_now,
                   MAX({d.real('r.mark2')} * 100 / r.participants) FILTER (WHERE {now} AND {judged}) AS share_now,
                   COALESCE(SUM(r.participants) FILTER (WHERE {now}), 0) AS participants_now,
                   COUNT(*) FILTER (WHERE {now} AND NOT ({judged})) AS small_now
            FROM results r WHERE {rows} GROUP BY r.school_id
        """
        # the flagged unit-years only (a small share of the rows): each with the number of flagged years of
        # its unit in the window (all K of them = K years running)
        units = "r.school_id, r.procedure, r.subject_id, r.grade"
        procedure_index = "CASE r.procedure " + " ".join(
            f"WHEN '{code}' THEN {i}" for i, code in enumerate(Procedure.values)) + " END"
        flagged_rows = f"""
            SELECT r.school_id, {procedure_index} AS proc, r.subject_id, r.grade, r.yr, r.mark2, r.participants,
                   CASE WHEN r.participants < {rp} THEN 1 ELSE 0 END AS small,
                   COUNT(*) OVER (PARTITION BY {units}) AS streak
            FROM results r WHERE {rows} AND {flagged}
        """
        layout = CURRENT
        columns = {"procedure": "f.proc", "subject": "f.subject_id", "grade": "f.grade", "year": "f.yr",
                   "mark2": "f.mark2", "participants": "f.participants", "small": "f.small"}
        per_flagged = f"""
            SELECT f.school_id, MAX(f.streak) AS longest, MAX(f.small) AS small,
                   {layout.tail(d, {"flagged": columns})} AS tail
            FROM ({flagged_rows}) f GROUP BY f.school_id
        """
        outcome = outcome_sql(f"a.flagged_now >= {int(params['min_procedures'])} OR COALESCE(b.longest, 0) >= {k}",
                              "a.judged_now = 0")
        head = layout.head(d, outcome, {
            "layout": str(MARKER), "small": "a.small_now", "min_n": str(mp), "value": "a.flagged_now",
            "longest": "COALESCE(b.longest, 0)", "sample": "a.participants_now",
            "year": str(year), "worst": d.round("a.share_now", 1),
            "unreliable": "CASE WHEN a.small_now > 0 OR COALESCE(b.small, 0) = 1 THEN 1 ELSE 0 END"})
        sql = f"""
            SELECT a.school_id, {outcome} AS oc, {d.concat(head, f"COALESCE(b.tail, {layout.empty_tail(d)})")} AS fig
            FROM ({per_school}) a LEFT JOIN ({per_flagged}) b ON b.school_id = a.school_id
        """
        return sql, procs + procs

    def shape(self, raw, params):
        units: dict[tuple, list] = {}
        for proc, subject, grade, year, mark2, participants, small in raw["flagged"]:
            units.setdefault((Procedure.values[int(proc)], int(subject), int(grade)), []).append(
                [int(year), int(mark2), int(participants), int(small)])
        small = {"small": int(raw["small"]), "min_n": int(raw["min_n"])} if raw.get("layout") == MARKER else {}
        return {"outcome": raw["outcome"], "value": int(raw["value"]), "longest": int(raw["longest"]), **small,
                "sample": integer(raw["sample"]), "worst": [integer(raw["year"]), raw["worst"]],
                "unreliable": bool(raw["unreliable"]),
                # [procedure, subject id, grade, [[year, «2», participants, small sample 0/1], …]] of flagged units
                "units": [[*unit, sorted(years, reverse=True)] for unit, years in sorted(units.items())]}

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
        text = (f"{flagged} {plural(flagged, 'результат', 'результата', 'результатов')} в "
                f"{year_name(self._year(evidence))}")
        if longest >= params["years_running"]:
            text += f"; {longest} {plural(longest, 'год', 'года', 'лет')} подряд в одном"
        return text

    @staticmethod
    def _unit_name(labels: dict, names: dict, proc: str, subject_id: int, grade: int) -> str:
        return f"{labels.get(proc, proc)}, {names.get(subject_id, '').lower()}, {grade} класс"

    def sentence(self, evidence, params):
        year = self._year(evidence)
        if "units" not in evidence or year is None:  # a run stored before: only the rule is known
            return super().sentence(evidence, params)
        labels, names = dict(Procedure.choices), subject_names()
        t, n, k = pct(params["threshold_pct"]), int(params["min_procedures"]), int(params["years_running"])
        flagged, longest = int(evidence.get("value") or 0), int(evidence.get("longest") or 0)
        parts = []
        if flagged >= n:
            # the worst first: the results a director should look at
            now = [f"{self._unit_name(labels, names, *unit[:3])} — {pct(share)}" for share, unit in sorted(
                ((100 * mark2 / participants, unit) for unit in evidence["units"]
                 for y, mark2, participants, _small in unit[3] if y == year), key=lambda item: -item[0])]
            parts.append(f"в {year_name(year)} доля «2» не меньше {t} в {flagged} "
                         f"{plural(flagged, 'результате', 'результатах', 'результатах')} ({self._some(now)})")
        if longest >= k:
            running = [self._unit_name(labels, names, *unit[:3]) for unit in evidence["units"] if len(unit[3]) >= k]
            parts.append(f"доля «2» не меньше {t} {k} {plural(k, 'год', 'года', 'лет')} подряд в одном и том же "
                         f"результате ({self._some(running)})")
        return "; ".join(parts) or super().sentence(evidence, params)

    @staticmethod
    def _some(items: list[str], shown: int = 3) -> str:
        """The first few of a list and how many more: a sentence stays a sentence."""
        more = len(items) - shown
        return "; ".join(items[:shown]) + (f" и ещё {more}" if more > 0 else "")

    def unjudged_reason(self, evidence, params, sample):
        year = self._year(evidence) or sample.get("year")
        when = f"за {year_name(year)}" if year is not None else "за последний учебный год"
        small, min_n = int(evidence.get("small") or 0), evidence.get("min_n") or sample.get("min_participants")
        if small:
            return (f"{when} у школы {small} {plural(small, 'результат', 'результата', 'результатов')}, и в "
                    f"{'нём' if small == 1 else 'каждом'} меньше {min_n} участников")
        labels = dict(Procedure.choices)
        procedures = ", ".join(str(labels.get(p, p)) for p in params.get("procedures") or [])
        return f"нет результатов {procedures} {when}"

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
        small = int(evidence.get("small") or 0)
        # units of the year under the minimum of participants: not judged, counted here so the reader sees them
        unjudged = [f"Не оценивались — меньше {evidence.get('min_n')} участников: {small} "
                    f"{plural(small, 'результат', 'результата', 'результатов')} за "
                    f"{year_name(self._year(evidence))}"] if small and self._year(evidence) else []
        if lines:
            return [line for _key, line in sorted(lines)] + unjudged
        year, worst = (evidence.get("worst") or [None, None])[:2]
        if worst is None:
            return unjudged
        return [str(_("Наибольшая доля «2» в %(y)s: %(v)s")) % {"y": year_name(year), "v": pct(float(worst))},
                *unjudged]

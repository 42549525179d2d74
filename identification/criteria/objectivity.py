"""Objectivity signal (ФИС ОКО "понизили / подтвердили / повысили"): in ВПР or ОГЭ the share of marks confirmed by
the journal (ОГЭ: the annual) mark is below X % or the share raised is at least Y %. Each procedure is judged on
its own — a test written in class and an exam in a separate centre are not pooled — and a school is signalled
when any of them is. Never labels a school: asks for review."""

from django.utils.translation import gettext_lazy as _

from .base import CriterionKind, Param, RunContext, pct, plural, year_name
from .dialect import Dialect
from .figures import Layout, Versioned, integer, outcome_sql

PROCEDURES = (("vpr", _("ВПР")), ("oge", _("ОГЭ")))
CODES = [code for code, _label in PROCEDURES]
MARKER = -2  # the first scalar of the current figures (earlier runs began with a participants count ≥ 0)
# per procedure judged: index in PROCEDURES, shares lowered / confirmed / raised (%), participants, signalled
CURRENT = Layout(scalars=("layout", "value", "sample", "year", "unreliable", "small", "min_n"),
                 lists=(("procedures", ("procedure", "lowered", "confirmed", "raised", "n", "flag")),))
# runs before the ОГЭ was read: ВПР only, pooled
EARLIER = Layout(scalars=("sample", "year", "unreliable", "lowered", "confirmed", "raised"))


class ObjectivitySignal(CriterionKind):
    code = "objectivity"
    label = _("Сигнал необъективности оценивания")
    description = _("По каждой выбранной процедуре (ВПР, ОГЭ) отдельно: доля отметок, подтверждённых отметкой по "
                    "журналу (для ОГЭ — годовой), ниже порога, или доля повысивших не меньше порога. Учитываются "
                    "только результаты классов с числом участников не меньше порога малой выборки. Не включает "
                    "школу в список сама по себе: требует проверки.")
    labels_schools = False
    statuses = ()
    params = (
        Param("min_confirmed_pct", _("Подтвердили меньше, %"), "float", 50.0, 0, 100),
        Param("min_raised_pct", _("Или повысили не меньше, %"), "float", 15.0, 0, 100),
        Param("procedures", _("Процедуры"), "multichoice", CODES, choices=PROCEDURES),
    )

    @staticmethod
    def procedures(params) -> list[str]:
        # methodologies saved before ОГЭ was read name no procedures: they meant ВПР only and keep meaning it
        return [p for p in CODES if p in params.get("procedures", ["vpr"])]

    def describe(self, params):
        names = ", ".join(str(dict(PROCEDURES)[p]) for p in self.procedures(params))
        return _("подтвердили < %(c)s или повысили ≥ %(r)s (%(p)s, каждая процедура отдельно)") % {
            "c": pct(params["min_confirmed_pct"]), "r": pct(params["min_raised_pct"]), "p": names}

    def plain(self, params, sample):
        names = " и ".join(str(dict(PROCEDURES)[p]) for p in self.procedures(params))
        c, r = pct(params["min_confirmed_pct"]), pct(params["min_raised_pct"])
        return [
            f"По {names} за последний год сравниваются отметки участников с отметками по журналу (для ОГЭ — с "
            f"годовыми): «понизили», «подтвердили», «повысили», как их выгружает ФИС ОКО. Каждая процедура "
            f"оценивается отдельно; классы с числом участников меньше {sample['min_participants']} не учитываются.",
            f"Сигнал появляется, если в процедуре подтвердили свою отметку меньше {c} участников или повысили — "
            f"не меньше {r}.",
            "Это только сигнал для проверки объективности оценивания: сам по себе он не включает школу в список.",
        ]

    def sql(self, ctx: RunContext, params: dict, d: Dialect) -> tuple[str, list]:
        procs = self.procedures(params)
        mp, rp = int(ctx.min_participants), int(ctx.reliable_participants)
        index = "CASE r.procedure " + " ".join(f"WHEN '{code}' THEN {i}" for i, code in enumerate(CODES)) + " END"
        judged = f"r.participants >= {mp}"
        # per school and procedure: the judged units' marks summed (units under the minimum only counted)
        per_proc = f"""
            SELECT r.school_id, {index} AS proc,
                   COALESCE(SUM(r.lowered) FILTER (WHERE {judged}), 0) AS lowered,
                   COALESCE(SUM(r.confirmed) FILTER (WHERE {judged}), 0) AS confirmed,
                   COALESCE(SUM(r.raised) FILTER (WHERE {judged}), 0) AS raised,
                   COALESCE(SUM(r.participants) FILTER (WHERE {judged}), 0) AS n,
                   MIN(r.participants) FILTER (WHERE {judged}) AS smallest,
                   COUNT(*) FILTER (WHERE NOT ({judged})) AS small
            FROM results r
            WHERE r.in_scope = 1 AND r.yr = {int(ctx.year)} AND r.confirmed IS NOT NULL
              AND r.procedure IN ({', '.join(['%s'] * len(procs))})
            GROUP BY r.school_id, r.procedure
        """
        total = "(p.lowered + p.confirmed + p.raised)"
        # integer comparisons: confirmed · 100 < X · total, raised · 100 ≥ Y · total
        flag = (f"CASE WHEN {total} > 0 AND (p.confirmed * 100 < {d.number(params['min_confirmed_pct'])} * {total} "
                f"OR p.raised * 100 >= {d.number(params['min_raised_pct'])} * {total}) THEN 1 ELSE 0 END")
        flagged = f"""
            SELECT p.*, {total} AS total, {flag} AS flag FROM ({per_proc}) p
        """

        def share(column):
            return d.round(f"{d.real(column)} * 100 / NULLIF(f.total, 0)", 1)

        outcome = outcome_sql("MAX(f.flag) = 1", "SUM(f.total) = 0")
        judged_row = "f.total > 0"
        head = CURRENT.head(d, outcome, {
            "layout": str(MARKER),
            "value": f"MIN({share('f.confirmed')}) FILTER (WHERE {judged_row})",
            "sample": "SUM(f.n)", "year": str(int(ctx.year)),
            "unreliable": f"CASE WHEN MIN(f.smallest) < {rp} THEN 1 ELSE 0 END",
            "small": "SUM(f.small)", "min_n": str(mp)})
        tail = CURRENT.tail(d, {"procedures": {
            "procedure": "f.proc", "lowered": share("f.lowered"), "confirmed": share("f.confirmed"),
            "raised": share("f.raised"), "n": "f.n", "flag": "f.flag"}}, where={"procedures": judged_row})
        sql = f"""
            SELECT f.school_id, {outcome} AS oc, {d.concat(head, tail)} AS fig
            FROM ({flagged}) f GROUP BY f.school_id
        """
        return sql, procs

    def layout(self, params):
        return Versioned(current=CURRENT, earlier=EARLIER, marker=MARKER)

    def shape(self, raw, params):
        if raw.get("layout") != MARKER:  # a run stored before ОГЭ was read
            return {"outcome": raw["outcome"], "value": raw["confirmed"], "sample": integer(raw["sample"]),
                    "year": integer(raw["year"]), "unreliable": bool(raw["unreliable"]),
                    "data": {key: raw[key] for key in ("lowered", "confirmed", "raised")}}
        return {"outcome": raw["outcome"], "value": raw["value"], "sample": integer(raw["sample"]),
                "year": integer(raw["year"]), "unreliable": bool(raw["unreliable"]),
                "small": int(raw["small"]), "min_n": int(raw["min_n"]),
                # [procedure, lowered %, confirmed %, raised %, participants, signalled 0/1] per procedure judged
                "procedures": [[CODES[int(p)], lowered, confirmed, raised, int(n), int(f)]
                               for p, lowered, confirmed, raised, n, f in sorted(raw["procedures"])]}

    @staticmethod
    def _line(name, lowered, confirmed, raised, n=None):
        sample = f" (n = {n})" if n is not None else ""
        return f"{name}: понизили {pct(lowered)}, подтвердили {pct(confirmed)}, повысили {pct(raised)}{sample}"

    def value_text(self, evidence, params):
        if "value_text" in evidence:
            return super().value_text(evidence, params)
        d = evidence.get("data")
        if d and d.get("confirmed") is not None:
            return f"подтвердили {pct(d['confirmed'])}, повысили {pct(d['raised'])}"
        rows = evidence.get("procedures") or []
        if not rows:
            return super().value_text(evidence, params)
        names = dict(PROCEDURES)
        return "; ".join(f"{names[p]}: подтвердили {pct(c)}, повысили {pct(r)}" for p, _l, c, r, _n, _f in rows)

    def sentence(self, evidence, params):
        c, r = params["min_confirmed_pct"], params["min_raised_pct"]
        d = evidence.get("data")
        if d and d.get("confirmed") is not None:  # a run stored before ОГЭ was read: ВПР only
            rows = [("vpr", d["lowered"], d["confirmed"], d["raised"], None, 1)]
        else:
            rows = [row for row in evidence.get("procedures") or [] if row[5]]
        names, parts = dict(PROCEDURES), []
        for proc, _lowered, confirmed, raised, _n, _flag in rows:
            found = []
            if confirmed is not None and confirmed < c:
                found.append(f"отметку из журнала подтвердили только {pct(confirmed)} участников (меньше {pct(c)})")
            if raised is not None and raised >= r:
                found.append(f"получили отметку выше журнальной {pct(raised)} участников (не меньше {pct(r)})")
            if found:
                parts.append(f"в {names.get(proc, proc)} " + " и ".join(found))
        return "; ".join(parts) or super().sentence(evidence, params)

    def unjudged_reason(self, evidence, params, sample):
        year = evidence.get("year") or sample.get("year")
        when = f"за {year_name(year)}" if year is not None else "за последний учебный год"
        small, min_n = int(evidence.get("small") or 0), evidence.get("min_n") or sample.get("min_participants")
        if small:
            return f"{when} во всех классах со сравнением отметок с журналом меньше {min_n} участников"
        names = " и ".join(str(dict(PROCEDURES)[p]) for p in self.procedures(params))
        return f"нет сравнения отметок {names} с журналом {when}"

    def explain(self, evidence, params):
        d = evidence.get("data")
        if d and d.get("confirmed") is not None:
            return [self._line("ВПР", d["lowered"], d["confirmed"], d["raised"])]
        names = dict(PROCEDURES)
        lines = [self._line(names[p], lowered, confirmed, raised, n) + (" — сигнал" if flag else "")
                 for p, lowered, confirmed, raised, n, flag in evidence.get("procedures") or []]
        small = int(evidence.get("small") or 0)
        if small and evidence.get("year") is not None:
            lines.append(f"Не оценивались — меньше {evidence.get('min_n')} участников: {small} "
                         f"{plural(small, 'результат', 'результата', 'результатов')} за "
                         f"{year_name(evidence['year'])}")
        return lines

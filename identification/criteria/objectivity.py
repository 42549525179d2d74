"""Objectivity signal (ФИС ОКО "понизили / подтвердили / повысили"): in ВПР the share of marks confirmed by
the journal mark is below X % or the share raised is at least Y %. Never labels a school: asks for review."""

from django.utils.translation import gettext_lazy as _

from .base import CriterionKind, Param, RunContext, pct
from .dialect import Dialect
from .figures import Layout, integer, outcome_sql


class ObjectivitySignal(CriterionKind):
    code = "objectivity"
    label = _("Сигнал необъективности ВПР")
    description = _("Доля отметок ВПР, подтверждённых отметкой по журналу, ниже порога, или доля повысивших "
                    "не меньше порога. Не включает школу в список сама по себе: требует проверки.")
    labels_schools = False
    statuses = ()
    params = (
        Param("min_confirmed_pct", _("Подтвердили меньше, %"), "float", 50.0, 0, 100),
        Param("min_raised_pct", _("Или повысили не меньше, %"), "float", 15.0, 0, 100),
    )

    def describe(self, params):
        return _("подтвердили < %(c)s или повысили ≥ %(r)s (ВПР)") % {
            "c": pct(params["min_confirmed_pct"]), "r": pct(params["min_raised_pct"])}

    def sql(self, ctx: RunContext, params: dict, d: Dialect) -> tuple[str, list]:
        totals = f"""
            SELECT r.school_id, COALESCE(SUM(r.lowered), 0) AS lowered, COALESCE(SUM(r.confirmed), 0) AS confirmed,
                   COALESCE(SUM(r.raised), 0) AS raised, SUM(r.participants) AS participants,
                   MIN(r.participants) AS smallest
            FROM results r
            WHERE r.in_scope = 1 AND r.yr = {int(ctx.year)} AND r.procedure = %s
              AND r.participants >= {int(ctx.min_participants)} AND r.confirmed IS NOT NULL
            GROUP BY r.school_id
        """
        total = "(t.lowered + t.confirmed + t.raised)"

        def share(column):
            return d.round(f"{d.real(column)} * 100 / NULLIF({total}, 0)", 1)

        outcome = outcome_sql(f"{total} > 0 AND (t.confirmed * 100 < {d.number(params['min_confirmed_pct'])} * {total} "
                              f"OR t.raised * 100 >= {d.number(params['min_raised_pct'])} * {total})", f"{total} = 0")
        fig = self.layout(params).sql(d, outcome, {
            "sample": "t.participants", "year": str(int(ctx.year)),
            "unreliable": f"CASE WHEN t.smallest < {int(ctx.reliable_participants)} THEN 1 ELSE 0 END",
            "lowered": share("t.lowered"), "confirmed": share("t.confirmed"), "raised": share("t.raised")})
        return f"SELECT t.school_id, {outcome} AS oc, {fig} AS fig FROM ({totals}) t", ["vpr"]

    def layout(self, params):
        return Layout(scalars=("sample", "year", "unreliable", "lowered", "confirmed", "raised"))

    def shape(self, raw, params):
        return {"outcome": raw["outcome"], "value": raw["confirmed"], "sample": integer(raw["sample"]),
                "year": integer(raw["year"]), "unreliable": bool(raw["unreliable"]),
                "data": {key: raw[key] for key in ("lowered", "confirmed", "raised")}}

    def value_text(self, evidence, params):
        d = evidence.get("data")
        if "value_text" in evidence or not d or d.get("confirmed") is None:
            return super().value_text(evidence, params)
        return f"подтвердили {pct(d['confirmed'])}, повысили {pct(d['raised'])}"

    def explain(self, evidence, params):
        d = evidence.get("data")
        if not d or d.get("confirmed") is None:
            return []
        return [f"понизили {pct(d['lowered'])}, подтвердили {pct(d['confirmed'])}, повысили {pct(d['raised'])}"]

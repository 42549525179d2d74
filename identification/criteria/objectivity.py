"""Objectivity signal (ФИС ОКО "понизили / подтвердили / повысили"): in ВПР the share of marks confirmed by
the journal mark is below X % or the share raised is at least Y %. Never labels a school: asks for review."""

from django.utils.translation import gettext_lazy as _

from .base import TABLES, CriterionKind, Evidence, Outcome, Param, RunContext, fetch, pct


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

    def evaluate(self, ctx: RunContext, params: dict) -> dict[int, Evidence]:
        scope, scope_params = ctx.scope_sql("s")
        sql = f"""
            SELECT r.school_id, SUM(r.lowered), SUM(r.confirmed), SUM(r.raised), SUM(r.participants),
                   MIN(r.participants)
            FROM {TABLES['result']} r
            JOIN {TABLES['year']} y ON y.id = r.school_year_id
            JOIN {TABLES['school']} s ON s.id = r.school_id
            WHERE {scope} AND y.start_year = %s AND r.procedure = %s AND r.participants >= %s
              AND r.confirmed IS NOT NULL
            GROUP BY r.school_id
        """
        rows = fetch(sql, [*scope_params, ctx.year, "vpr", ctx.min_participants])
        result = {}
        for school_id, lowered, confirmed, raised, participants, smallest in rows:
            total = (lowered or 0) + (confirmed or 0) + (raised or 0)
            if not total:
                result[school_id] = Evidence(outcome=Outcome.NO_DATA, years=[ctx.year])
                continue
            confirmed_pct = 100 * (confirmed or 0) / total
            raised_pct = 100 * (raised or 0) / total
            met = confirmed_pct < params["min_confirmed_pct"] or raised_pct >= params["min_raised_pct"]
            result[school_id] = Evidence(
                outcome=Outcome.MET if met else Outcome.NOT_MET,
                value=round(confirmed_pct, 1),
                value_text=f"подтвердили {pct(confirmed_pct)}, повысили {pct(raised_pct)}",
                years=[ctx.year],
                sample=int(participants),
                data={"lowered": round(100 * (lowered or 0) / total, 1), "confirmed": round(confirmed_pct, 1),
                      "raised": round(raised_pct, 1)},
                unreliable=smallest < ctx.reliable_participants,
            )
        return result

    def explain(self, evidence, params):
        d = evidence.get("data")
        if not d:
            return []
        return [f"понизили {pct(d['lowered'])}, подтвердили {pct(d['confirmed'])}, повысили {pct(d['raised'])}"]

"""Social well-being index (the ИСБШ idea; no official formula — ours is explicit and configurable):
shares of students in difficult circumstances as z-scores within the comparison group, weighted and
summed into a disadvantage score; the schools with the highest score — the bottom X % of well-being —
meet the criterion (ШССУ)."""

import math

from django.utils.translation import gettext_lazy as _

from .base import TABLES, CriterionKind, Evidence, Outcome, Param, RunContext, fetch, num, pct
from .bottom_distribution import GROUPS

FACTORS = (
    ("students_low_income", _("из малоимущих семей")),
    ("students_single_parent", _("из неполных семей")),
    ("students_parents_no_higher_ed", _("родители без высшего образования")),
    ("students_non_native", _("русский язык не родной")),
    ("students_disabled", _("с ОВЗ")),
    ("students_preventive_register", _("на профилактическом учёте")),
    ("students_unexcused_absences", _("с пропусками без уважительной причины")),
)


class SocialIndex(CriterionKind):
    code = "social_index"
    label = _("Индекс социального благополучия")
    description = _("Взвешенная сумма z-оценок долей обучающихся в сложных обстоятельствах; школы с самым "
                    "низким благополучием (нижние X %) выполняют критерий.")
    statuses = ("dsc",)
    params = (
        Param("weights", _("Веса факторов"), "weights", {f: 1.0 for f, _label in FACTORS}, choices=FACTORS),
        Param("bottom_pct", _("Нижние по благополучию, %"), "float", 25.0, 1, 50),
        Param("group", _("Среди школ"), "choice", "municipality", choices=GROUPS),
        Param("min_students", _("Обучающихся не меньше"), "int", 1, 1, 10000),
    )

    def describe(self, params):
        return _("индекс благополучия в нижних %(pct)s школ %(group)s") % {
            "pct": pct(params["bottom_pct"]), "group": dict(GROUPS)[params["group"]]}

    def evaluate(self, ctx: RunContext, params: dict) -> dict[int, Evidence]:
        weights = params["weights"]
        fields = list(weights)
        group_cond, group_params = ctx.group_sql(params["group"], "s")
        columns = ", ".join(f"d.{f}" for f in fields)
        sql = f"""
            SELECT d.school_id, s.municipality_id, d.students, {columns}
            FROM {TABLES['yearly']} d
            JOIN {TABLES['year']} y ON y.id = d.school_year_id
            JOIN {TABLES['school']} s ON s.id = d.school_id
            WHERE {group_cond} AND s.is_active = %s AND y.start_year = %s AND d.students >= %s
        """
        rows = fetch(sql, [*group_params, True, ctx.year, params["min_students"]])
        groups: dict[int | None, list] = {}
        for school_id, muni, students, *counts in rows:
            shares = [c / students for c in counts]
            key = muni if params["group"] == "municipality" else None
            groups.setdefault(key, []).append((school_id, students, shares))
        total_weight = sum(weights.values())
        in_scope = set(ctx.school_ids)
        result = {}
        for members in groups.values():
            n = len(members)
            means = [sum(m[2][i] for m in members) / n for i in range(len(fields))]
            sds = [math.sqrt(sum((m[2][i] - means[i]) ** 2 for m in members) / n) for i in range(len(fields))]
            scored = []
            for school_id, students, shares in members:
                z = [(shares[i] - means[i]) / sds[i] if sds[i] else 0.0 for i in range(len(fields))]
                disadvantage = sum(weights[f] * z[i] for i, f in enumerate(fields)) / total_weight
                scored.append((disadvantage, school_id, students, shares, z))
            # the share of schools at least as disadvantaged (CUME_DIST from the top; ties share a rank)
            scored.sort(key=lambda t: -t[0])
            at_least = [0] * n
            i = 0
            while i < n:
                j = i
                while j + 1 < n and scored[j + 1][0] >= scored[i][0] - 1e-12:
                    j += 1
                for k in range(i, j + 1):
                    at_least[k] = j + 1
                i = j + 1
            for position, (score, school_id, students, shares, z) in enumerate(scored):
                if school_id not in in_scope:
                    continue
                rank_pct = 100 * at_least[position] / n
                met = rank_pct <= params["bottom_pct"] + 1e-9
                result[school_id] = Evidence(
                    outcome=Outcome.MET if met else Outcome.NOT_MET,
                    value=round(-score, 2),
                    value_text=f"индекс {num(-score, signed=True)}; нижние {pct(rank_pct)}",
                    years=[ctx.year],
                    sample=students,
                    # factors in the order of the weights: [share %, z-score]
                    data={"rank_pct": round(rank_pct, 1), "size": n,
                          "factors": [[round(100 * shares[i], 1), round(z[i], 2)] for i in range(len(fields))]},
                )
        return result

    def explain(self, evidence, params):
        d = evidence.get("data")
        if not d:
            return []
        labels = {f: str(label) for f, label in FACTORS}
        return [f"столько же или хуже — у {pct(d['rank_pct'])} из {d['size']} школ"] + [
            f"{labels.get(f, f)}: {pct(share)} (z = {num(z, signed=True)})"
            for f, (share, z) in zip(params["weights"], d["factors"], strict=False)]


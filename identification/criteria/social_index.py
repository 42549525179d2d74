"""Social well-being index (the ИСБШ idea; no official formula — ours is explicit and configurable):
shares of students in difficult circumstances as z-scores within the comparison group, weighted and
summed into a disadvantage score; the schools with the highest score — the bottom X % of well-being —
meet the criterion (ШССУ)."""

from django.utils.translation import gettext_lazy as _

from .base import TABLES, CriterionKind, Param, RunContext, num, pct
from .bottom_distribution import GROUPS
from .dialect import Dialect
from .figures import Layout, integer, outcome_sql

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

    def sql(self, ctx: RunContext, params: dict, d: Dialect) -> tuple[str, list]:
        weights = params["weights"]
        fields = list(weights)
        group_cond, group_params = ctx.group_sql(params["group"], "s")
        scope_cond, scope_params = ctx.scope_sql("s2")
        def window(alias):
            return f"PARTITION BY {alias}.muni" if params["group"] == "municipality" else ""

        shares = ", ".join(f"{d.real(f'd.{f}')} / d.students AS x{i}" for i, f in enumerate(fields))
        # mean and population standard deviation of every share within the comparison group
        stats = ", ".join(f"AVG(b.x{i}) OVER ({window('b')}) AS m{i}, "
                          f"AVG(b.x{i} * b.x{i}) OVER ({window('b')}) AS q{i}" for i in range(len(fields)))
        z = [f"CASE WHEN st.q{i} - st.m{i} * st.m{i} > {d.number(1e-15)} "
             f"THEN (st.x{i} - st.m{i}) / SQRT(st.q{i} - st.m{i} * st.m{i}) ELSE 0 END" for i in range(len(fields))]
        total_weight = sum(weights.values())
        score = " + ".join(f"{d.number(weights[f])} * zs.z{i}" for i, f in enumerate(fields))
        # the share of schools at least as disadvantaged: CUME_DIST from the top (ties share a rank); the index is a
        # floating-point sum of z-scores, compared to nine decimal places: equal indices added up in different orders
        # differ in their last bits, which must not order the schools
        sql_ranked = f"""
            SELECT sc.*, CUME_DIST() OVER ({window('sc')} ORDER BY {d.round('sc.score', 9)} DESC) AS cd,
                   COUNT(*) OVER ({window('sc')}) AS size
            FROM (
                SELECT zs.*, ({score}) / {d.number(total_weight)} AS score
                FROM (
                    SELECT st.school_id, st.muni, st.students, {", ".join(f"st.x{i}" for i in range(len(fields)))},
                           {", ".join(f"{expr} AS z{i}" for i, expr in enumerate(z))}
                    FROM (
                        SELECT b.*, {stats}
                        FROM (
                            SELECT d.school_id, s.municipality_id AS muni, d.students, {shares}
                            FROM {TABLES['yearly']} d
                            JOIN {TABLES['year']} y ON y.id = d.school_year_id
                            JOIN {TABLES['school']} s ON s.id = d.school_id
                            WHERE {group_cond} AND s.is_active = %s AND y.start_year = {int(ctx.year)}
                              AND d.students >= {int(params['min_students'])}
                        ) b
                    ) st
                ) zs
            ) sc
        """
        outcome = outcome_sql(f"100 * k.cd <= {d.number(params['bottom_pct'] + 1e-9)}")
        fig = self.layout(params).head(d, outcome, {
            "value": d.round("-k.score", 2), "sample": "k.students", "year": str(int(ctx.year)),
            "rank_pct": d.round("100 * k.cd", 1), "size": "k.size",
            **{f"share{i}": d.round(f"100 * k.x{i}", 1) for i in range(len(fields))},
            **{f"z{i}": d.round(f"k.z{i}", 2) for i in range(len(fields))}})
        sql = f"""
            SELECT k.school_id, {outcome} AS oc, {fig} AS fig
            FROM ({sql_ranked}) k JOIN {TABLES['school']} s2 ON s2.id = k.school_id
            WHERE {scope_cond}
        """
        return sql, [*group_params, True, *scope_params]

    def layout(self, params):
        # the index, students, year, rank and group size, then the share and z-score of every weighted factor
        count = len(params["weights"])
        return Layout(scalars=("value", "sample", "year", "rank_pct", "size", *(f"share{i}" for i in range(count)),
                               *(f"z{i}" for i in range(count))))

    def shape(self, raw, params):
        count = len(params["weights"])
        return {"outcome": raw["outcome"], "value": raw["value"], "sample": integer(raw["sample"]),
                "year": integer(raw["year"]),
                "data": {"rank_pct": raw["rank_pct"], "size": integer(raw["size"]),
                         "factors": [[raw[f"share{i}"], raw[f"z{i}"]] for i in range(count)]}}

    def regional(self, params):
        return False  # reads the yearly data, not the shared result rows

    def value_text(self, evidence, params):
        d = evidence.get("data")
        if "value_text" in evidence or not d:
            return super().value_text(evidence, params)
        return f"индекс {num(float(evidence['value']), signed=True)}; нижние {pct(d['rank_pct'])}"

    def explain(self, evidence, params):
        d = evidence.get("data")
        if not d:
            return []
        labels = {f: str(label) for f, label in FACTORS}
        return [f"столько же или хуже — у {pct(d['rank_pct'])} из {d['size']} школ"] + [
            f"{labels.get(f, f)}: {pct(share)} (z = {num(z, signed=True)})"
            for f, (share, z) in zip(params["weights"], d["factors"], strict=False)]


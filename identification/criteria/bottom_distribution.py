"""Bottom of the distribution: the school's results in [procedure, subject(, grade)] are among the lowest X % of
the schools of its municipality or region in ≥ N of the last M years (ШНОР practice, ESSA "lowest 5 %").

Scores are compared only within one unit — procedure × subject × grade × year (docs/methodology.md, «Единица
сравнения»): raw primary scores of different grades are never averaged together (a grade-4 test has fewer points than a
grade-7 one, so a primary school would look lowest). For every unit with enough participants the school gets its
position among the reference schools with the same unit: the share of them whose mean score is the same or lower. A
school's units of a year are pooled into one position (weighted by participants), and the pooled positions of the year
are ranked. Everything is exact integer arithmetic — scores in hundredths, positions in millionths — so equal
results tie on PostgreSQL and on SQLite alike, and ties at the cut are decided by one rule: a school whose
position equals that of a school in the bottom X % is in the bottom X % too.
"""

from django.utils.translation import gettext_lazy as _

from schools.models import Procedure, Subject

from .base import CriterionKind, Param, RunContext, num, pct, plural, subject_name, year_name
from .dialect import Dialect
from .figures import Layout, Versioned, outcome_sql

GROUPS = (("municipality", _("муниципалитета")), ("region", _("региона")))

SCALE = 1_000_000  # positions are kept in millionths (integers): exact and the same on every database
MARKER = -2  # the first scalar of the current figures (runs stored before began with a count ≥ 0)
REASONS = {1: "small", 2: "schools", 3: "years"}  # why a school could not be judged (no_data)
# unit states in the evidence: under the minimum (not judged), judged on a small sample, judged
UNDER_MINIMUM, SMALL_SAMPLE, JUDGED = 0, 1, 2

CURRENT = Layout(
    scalars=("layout", "value", "unreliable", "reason", "min_n", "reliable_n"),
    lists=(
        # per year with judged units: pooled position (millionths), place from the bottom (1 + schools with a lower
        # position), schools compared
        ("series", ("year", "position", "place", "size")),
        # per unit (year × grade): mean score (hundredths), participants, schools of the unit with the same or a
        # lower mean and schools of the unit (both 0 for a unit under the minimum, which is not judged)
        ("units", ("year", "grade", "score", "n", "at_or_below", "size")),
    ))
# runs of methodology version 1 pooled raw scores over grades: [year, mean score, % at or below, n, size]
EARLIER = Layout(scalars=("value", "unreliable"), lists=(("series", ("year", "score", "rank", "n", "size")),))


def cut_hundredths(params: dict) -> int:
    """The bottom percentage in hundredths of a per cent (10 % → 1000), for integer comparisons."""
    return int(round(float(params["bottom_pct"]) * 100))


def schools_needed(params: dict) -> int:
    """The fewest schools in which the bottom X % holds at least one school: ⌈100 / X⌉ (10 for 10 %)."""
    return -(-10000 // cut_hundredths(params))


def places_in_bottom(size: int, params: dict) -> int:
    """How many places from the bottom the bottom X % of `size` schools takes: ⌊size · X / 100⌋."""
    return size * cut_hundredths(params) // 10000


class BottomDistribution(CriterionKind):
    code = "bottom_distribution"
    label = _("Нижняя часть распределения результатов")
    description = _(
        "Результаты сравниваются только внутри одной процедуры, предмета, класса и года: по каждому классу "
        "с числом участников не меньше порога малой выборки определяется позиция школы — доля школ "
        "муниципалитета или региона с таким же или более низким средним баллом в этом классе. Позиции "
        "классов одного года усредняются с весами по числу участников, и школы сравниваются по этой средней "
        "позиции. Школа в нижних X %, если её место снизу не больше X % числа сравниваемых школ; школа с таким "
        "же результатом, как у школы из нижних X %, тоже в них входит. Если школ меньше 100 / X, год не "
        "оценивается («недостаточно школ для сравнения»). Критерий выполнен, если школа в нижних X % не "
        "меньше чем в N из последних M лет.")
    params = (
        Param("procedure", _("Процедура"), "choice", "vpr", choices=tuple(Procedure.choices)),
        Param("subject", _("Предмет (код)"), "subject", "math"),
        Param("grade", _("Класс (пусто — все классы)"), "optional_int", None, 4, 11),
        Param("bottom_pct", _("Нижние, %"), "float", 10.0, 1, 50),
        Param("group", _("Среди школ"), "choice", "region", choices=GROUPS),
        Param("min_years", _("Лет в нижней части не меньше"), "int", 2, 1, 5),
        Param("window_years", _("Из последних лет"), "int", 3, 1, 5),
    )

    def describe(self, params):
        grade = f" {params['grade']} кл." if params.get("grade") else ""
        return _("%(proc)s %(subj)s%(grade)s: в нижних %(pct)s школ %(group)s в ≥ %(n)s из %(m)s лет") % {
            "proc": Procedure(params["procedure"]).label, "subj": subject_name(params["subject"]), "grade": grade,
            "pct": pct(params["bottom_pct"]), "group": dict(GROUPS)[params["group"]],
            "n": params["min_years"], "m": params["window_years"]}

    def layout(self, params):
        return Versioned(current=CURRENT, earlier=EARLIER, marker=MARKER)

    def sql(self, ctx: RunContext, params: dict, d: Dialect) -> tuple[str, list]:
        year, window = int(ctx.year), int(params["window_years"])
        mp, rp = int(ctx.min_participants), int(ctx.reliable_participants)
        min_years, cut = int(params["min_years"]), cut_hundredths(params)
        grade_cond = f"AND r.grade = {int(params['grade'])}" if params.get("grade") else ""
        by_muni = params["group"] == "municipality"
        subject_id = Subject.objects.filter(code=params["subject"]).values_list("pk", flat=True).first() or "NULL"
        # the units (one result row each), mean scores in exact hundredths; each judged unit (≥ the minimum of
        # participants) among the judged units of the same grade and year of the reference schools: how many score
        # the same or lower and how many there are — counted over the distinct scores of each grade and year (far
        # fewer rows to sort than the units), then joined back to the units; integers throughout (PostgreSQL sums
        # bigints as numeric: cast back, so that divisions below round down as they do on SQLite)
        keys = f"yr, grade{', muni' if by_muni else ''}"
        units = f"""
            SELECT r.school_id, r.muni, r.yr, r.grade, r.participants AS n, r.in_scope,
                   {d.hundredths('r.mean_score')} AS score
            FROM results r
            WHERE r.procedure = %s AND r.subject_id = {subject_id} {grade_cond}
              AND r.yr BETWEEN {year - window + 1} AND {year} AND r.mean_score IS NOT NULL
        """
        scores = f"""
            SELECT t.*, CAST(SUM(t.schools) OVER (PARTITION BY {keys} ORDER BY t.score) AS BIGINT) AS at_or_below,
                   CAST(SUM(t.schools) OVER (PARTITION BY {keys}) AS BIGINT) AS size
            FROM (SELECT {keys}, score, COUNT(*) AS schools FROM bv WHERE n >= {mp} GROUP BY {keys}, score) t
        """
        same_unit = " AND ".join(f"c.{key} = u.{key}" for key in ("yr", "grade", "muni")[:3 if by_muni else 2])
        ranked_units = f"""
            SELECT u.*, COALESCE(c.at_or_below, 0) AS at_or_below, COALESCE(c.size, 0) AS size
            FROM bv u LEFT JOIN ({scores}) c ON {same_unit} AND c.score = u.score AND u.n >= {mp}
        """
        # a school's year: the positions of its judged units (millionths, rounded down) averaged with participants as
        # weights (rounded down) — integers all along — then ranked: place = 1 + schools of the group with a lower
        # position
        muni = ", j.muni" if by_muni else ""
        pooled = f"""
            SELECT j.school_id{muni}, j.yr, MAX(j.in_scope) AS in_scope,
                   CAST(SUM(j.n * (j.at_or_below * {SCALE} / j.size)) AS BIGINT) / SUM(j.n) AS position
            FROM bu j WHERE j.n >= {mp} GROUP BY j.school_id{muni}, j.yr
        """
        ypart = f"PARTITION BY p.yr{', p.muni' if by_muni else ''}"
        ranked = f"""
            SELECT p.*, RANK() OVER ({ypart} ORDER BY p.position) AS place, COUNT(*) OVER ({ypart}) AS size
            FROM ({pooled}) p
        """
        # the bottom X % of N schools are the places 1 … ⌊N·X/100⌋, and every school tied with them (RANK gives tied
        # schools the place of the first of them): place · 100 ≤ N · X; a group of fewer than 100 / X schools has
        # no place in its bottom X % at all — not enough schools to compare
        series, unit_list = Layout(lists=CURRENT.lists[:1]), Layout(lists=CURRENT.lists[1:])
        per_year = f"""
            SELECT y.school_id, SUM(CASE WHEN y.place * 10000 <= y.size * {cut} THEN 1 ELSE 0 END) AS bottom_years,
                   SUM(CASE WHEN y.size * {cut} >= 10000 THEN 1 ELSE 0 END) AS counted_years, COUNT(*) AS data_years,
                   {series.tail(d, {"series": {"year": "y.yr", "position": "y.position", "place": "y.place",
                                               "size": "y.size"}})} AS tail
            FROM ({ranked}) y WHERE y.in_scope = 1 GROUP BY y.school_id
        """
        # every unit of the run's schools, those under the minimum too (listed as such, never counted)
        per_unit = f"""
            SELECT j.school_id, MIN(j.n) AS smallest,
                   {unit_list.tail(d, {"units": {"year": "j.yr", "grade": "j.grade", "score": "j.score", "n": "j.n",
                                                 "at_or_below": "j.at_or_below", "size": "j.size"}})} AS tail
            FROM bu j WHERE j.in_scope = 1 GROUP BY j.school_id
        """
        bottom_years, counted_years = "COALESCE(b.bottom_years, 0)", "COALESCE(b.counted_years, 0)"
        outcome = outcome_sql(f"{bottom_years} >= {min_years}", f"{counted_years} < {min_years}")
        reason = (f"CASE WHEN {counted_years} >= {min_years} THEN 0 WHEN b.school_id IS NULL THEN 1 "
                  f"WHEN b.counted_years < b.data_years THEN 2 ELSE 3 END")
        head = CURRENT.head(d, outcome, {
            "layout": str(MARKER), "value": bottom_years, "reason": reason, "min_n": str(mp), "reliable_n": str(rp),
            "unreliable": f"CASE WHEN a.smallest < {rp} THEN 1 ELSE 0 END"})
        fig = d.concat(head, f"COALESCE(b.tail, {series.empty_tail(d)})", "a.tail")
        sql = f"""
            WITH bv AS ({units}), bu AS ({ranked_units})
            SELECT a.school_id, {outcome} AS oc, {fig} AS fig
            FROM ({per_unit}) a LEFT JOIN ({per_year}) b ON b.school_id = a.school_id
        """
        return sql, [params["procedure"]]

    def shape(self, raw, params):
        if raw.get("layout") != MARKER:  # a run stored before: pooled raw scores
            series = sorted([int(y), score, rank, int(n), int(size)] for y, score, rank, n, size in raw["series"])
            return {"outcome": raw["outcome"], "value": int(raw["value"]),
                    "sample": series[-1][3] if series else None, "unreliable": bool(raw["unreliable"]),
                    "series": series}
        min_n, reliable_n = int(raw["min_n"]), int(raw["reliable_n"])
        units = sorted([int(y), int(grade), score / 100, int(n), int(below), int(size),
                        UNDER_MINIMUM if n < min_n else SMALL_SAMPLE if n < reliable_n else JUDGED]
                       for y, grade, score, n, below, size in raw["units"])
        pooled: dict[int, list[int]] = {}  # year → [participants, units] of the judged units
        for unit in units:
            if unit[6] != UNDER_MINIMUM:
                acc = pooled.setdefault(unit[0], [0, 0])
                acc[0] += unit[3]
                acc[1] += 1
        series = sorted([int(y), position / (SCALE / 100), int(place), int(size), *pooled.get(int(y), [0, 0])]
                        for y, position, place, size in raw["series"])
        if series:
            sample = series[-1][4]
        else:
            last = max(u[0] for u in units) if units else None
            sample = max((u[3] for u in units if u[0] == last), default=None)
        return {"outcome": raw["outcome"], "layout": 2, "value": int(raw["value"]), "sample": sample,
                "unreliable": bool(raw["unreliable"]), "reason": REASONS.get(int(raw["reason"])),
                "min_n": min_n,
                # [year, position %, place from the bottom, schools compared, participants, units pooled]
                "series": series,
                # [year, grade, mean score, participants, schools at or below, schools of the unit, state]
                "units": units}

    def plain(self, params, sample):
        procedure = dict(Procedure.choices)[params["procedure"]]
        grade = f"{params['grade']} класс" if params.get("grade") else "все классы, каждый отдельно"
        group = "региона" if params["group"] == "region" else "своего муниципалитета"
        x, mp = pct(params["bottom_pct"]), sample["min_participants"]
        m, n, needed = params["window_years"], params["min_years"], schools_needed(params)
        return [
            f"Сравниваются средние баллы {procedure} по предмету «{subject_name(params['subject'])}» ({grade}) со "
            f"школами {group}. Баллы разных классов, предметов, процедур и лет никогда не сравниваются между собой: "
            f"в 4 классе заданий и баллов меньше, чем в 7-м.",
            f"Для каждого класса и года, где у школы не меньше {mp} участников, определяется позиция школы — доля "
            f"школ {group} с результатом в том же классе в тот же год, у которых средний балл такой же или ниже "
            f"(позиция 5 % значит: так же или хуже написали только 5 % школ). Классы с меньшим числом участников "
            f"не оцениваются и не учитываются — ни у самой школы, ни среди школ для сравнения.",
            "Если у школы в одном году несколько оценённых классов, её позиция за год — среднее их позиций с весами "
            "по числу участников. Позиции считаются в миллионных долях с отбрасыванием остатка (и позиция класса, "
            "и среднее), поэтому одинаковые результаты дают одинаковую позицию на любом сервере.",
            f"Школы {group} упорядочиваются по позиции за год. Место школы снизу — 1 плюс число школ с более "
            f"низкой позицией, поэтому школы с одинаковой позицией получают одно и то же место. Школа в нижних {x}, "
            f"если её место снизу не больше {x} от числа сравниваемых школ (место × 100 ≤ число школ × "
            f"{num(params['bottom_pct'], 1)}); значит, все школы, равные школе из нижних {x}, тоже в них входят.",
            f"Если школ с результатами за год меньше {needed}, в нижние {x} не попадает ни одна школа, и этот год "
            f"не оценивается («недостаточно школ для сравнения»).",
            f"Критерий выполнен, если школа была в нижних {x} не меньше чем в {n} из последних {m} "
            f"{plural(m, 'года', 'лет', 'лет')}. Если оценённых лет меньше {n} — «недостаточно данных».",
        ]

    def first_year(self, ctx, params):
        return ctx.year - int(params["window_years"]) + 1

    @staticmethod
    def _series(evidence) -> list:
        return sorted(evidence.get("series") or [])

    @staticmethod
    def _current(evidence) -> bool:
        return evidence.get("layout") == 2

    def years(self, evidence, params):
        if "years" in evidence:
            return super().years(evidence, params)
        years = {point[0] for point in self._series(evidence)}
        if self._current(evidence):
            years |= {unit[0] for unit in evidence.get("units") or []}
        return sorted(years)

    def value_text(self, evidence, params):
        if "value_text" in evidence:
            return super().value_text(evidence, params)
        bottom, series = int(evidence.get("value") or 0), self._series(evidence)
        if self._current(evidence):
            reason = evidence.get("reason")
            if reason == "small":
                return f"во всех классах меньше {evidence['min_n']} участников"
            if reason == "schools":
                return "недостаточно школ для сравнения"
            series = [point for point in series if point[3] >= schools_needed(params)]
        return f"{bottom} {plural(bottom, 'год', 'года', 'лет')} из {len(series)}" if series else ""

    def explain(self, evidence, params):
        if "details" in evidence:
            return super().explain(evidence, params)
        limit = params["bottom_pct"]
        if not self._current(evidence):
            return [f"{year_name(year)}: средний балл {num(score)}; столько же или меньше — у {pct(rank)} из {size} "
                    f"школ (n = {n})" + ("; в нижней части" if rank <= limit + 1e-9 else "")
                    for year, score, rank, n, size in self._series(evidence)]
        need, min_n = schools_needed(params), evidence.get("min_n")
        lines = []
        if evidence.get("reason") == "schools":
            lines.append(f"Недостаточно школ для сравнения: нижние {pct(limit)} выделяются среди не меньше чем "
                         f"{need} школ с результатами за год.")
        series = {point[0]: point for point in self._series(evidence)}
        units: dict[int, list] = {}
        for unit in evidence.get("units") or []:
            units.setdefault(unit[0], []).append(unit)
        for year in self.years(evidence, params):
            point = series.get(year)
            if point is None:
                lines.append(f"{year_name(year)}: не оценивается — во всех классах меньше {min_n} участников")
            else:
                _year, position, place, size, n, pooled = point
                head = (f"{year_name(year)}: позиция школы {pct(position)} ({pooled} "
                        f"{plural(pooled, 'класс', 'класса', 'классов')}, n = {n}); ")
                if size < need:
                    head += (f"недостаточно школ для сравнения — {size} {plural(size, 'школа', 'школы', 'школ')}, "
                             f"нужно не меньше {need}")
                else:
                    last = places_in_bottom(size, params)
                    cut = "место 1 и равные ему" if last == 1 else f"места 1–{last} и равные им"
                    head += (f"место {place} снизу из {size} {plural(size, 'школы', 'школ', 'школ')} — "
                             + ("в нижних" if place <= last else "не в нижних") + f" {pct(limit)} ({cut})")
                lines.append(head)
            for _year, grade, score, n, below, size, state in sorted(units.get(year, []), key=lambda u: u[1]):
                if state == UNDER_MINIMUM:
                    lines.append(f"— {grade} кл.: средний балл {num(score)}, n = {n} — меньше {min_n} участников, "
                                 "не учитывается")
                else:
                    lines.append(f"— {grade} кл.: средний балл {num(score)}; столько же или меньше — у {below} из "
                                 f"{size} {plural(size, 'школы', 'школ', 'школ')} ({pct(100 * below / size)}), "
                                 f"n = {n}" + (", малая выборка" if state == SMALL_SAMPLE else ""))
        return lines

    def _bottom_years(self, evidence, params) -> list[int]:
        """The years the school was in the bottom X % (the criterion's own rule, on the stored places)."""
        if self._current(evidence):
            return [year for year, _position, place, size, _n, _units in self._series(evidence)
                    if size >= schools_needed(params) and place <= places_in_bottom(size, params)]
        return [year for year, _score, rank, _n, _size in self._series(evidence)
                if rank <= params["bottom_pct"] + 1e-9]

    @staticmethod
    def _what(params) -> str:
        """«ВПР по предмету «математика», 5 класс» — which results are compared."""
        grade = f", {params['grade']} класс" if params.get("grade") else ""
        return f"{Procedure(params['procedure']).label} по предмету «{subject_name(params['subject'])}»{grade}"

    def sentence(self, evidence, params):
        years = self._bottom_years(evidence, params)
        if not years:
            return super().sentence(evidence, params)
        group = "региона" if params["group"] == "region" else "муниципалитета"
        n, m = len(years), int(params["window_years"])
        return (f"средний балл {self._what(params)} — среди {pct(params['bottom_pct'])} самых низких у школ {group} "
                f"в {n} {plural(n, 'году', 'годах', 'годах')} из последних {m} "
                f"({', '.join(year_name(y) for y in years)})")

    def unjudged_reason(self, evidence, params, sample):
        n, m = int(params["min_years"]), int(params["window_years"])
        reason = evidence.get("reason")
        min_n = evidence.get("min_n") or sample.get("min_participants")
        if reason == "small":
            return f"во всех классах меньше {min_n} участников, а такие результаты не сравниваются"
        if reason == "schools":
            need = schools_needed(params)
            return (f"недостаточно школ для сравнения: нижние {pct(params['bottom_pct'])} выделяются среди не "
                    f"меньше чем {need} школ с результатами за год")
        if reason == "years" or self._series(evidence):
            counted = len([p for p in self._series(evidence)
                           if not self._current(evidence) or p[3] >= schools_needed(params)])
            return f"оценённых лет — {counted} из последних {m}, а нужно не меньше {n}"
        year = sample.get("year")
        when = (f" за {year_name(year - m + 1)}–{year_name(year)}" if year is not None and m > 1
                else f" за {year_name(year)}" if year is not None else "")
        return f"нет результатов {Procedure(params['procedure']).label} по этому предмету{when}"

    @staticmethod
    def chart_points(evidence) -> dict[int, float]:
        """The school's place per year as a percentage of the schools compared (at most X: in the bottom X %)."""
        if BottomDistribution._current(evidence):
            return {year: 100 * place / size for year, _position, place, size, _n, _units in evidence["series"]}
        return {year: float(rank) for year, _score, rank, _n, _size in evidence.get("series") or []}

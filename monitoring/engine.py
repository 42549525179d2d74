"""Computing the indicator values set-wise for every school of a school year.

One pass reads, in a fixed number of queries whatever the number of schools: the year's and the year before's
ВПР/ОГЭ/ЕГЭ results in Russian and mathematics grouped by school and procedure, and the methodical-work figures of
`mentoring.selectors.school_figures` (the mentoring app's contract; its models are never read here). It writes the
computed values in bulk (each with its n and the figures it came from; unreliable when n is under the indicator's
minimum), then each school's progress and the municipal aggregates the dashboards read.
"""

import csv
import io
import json
import time
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from itertools import chain
from statistics import median

from django.db import connection, transaction
from django.db.models import Q, Sum
from django.utils import timezone

from identification.models import SchoolStatus
from schools.models import AssessmentResult, School, SchoolYear

from .models import Aggregate, Direction, Group, Indicator, Progress, Source, Unit, Value

SUBJECTS = ("russian", "math")
RESULT_INDICATORS = {  # code → (procedure, kind)
    "oge_dynamics": ("oge", "pass"), "oge_match": ("oge", "match"),
    "ege_dynamics": ("ege", "pass"), "ege_match": ("ege", "match"),
    "vpr_dynamics": ("vpr", "pass"), "vpr_match": ("vpr", "match"),
}
# code → (numerator key, denominator key) of mentoring.selectors.school_figures
TEACHER_SHARES = {
    "teachers_low_results": ("teachers_low_results", "teachers"),
    "diagnosed": ("low_results_diagnosed", "teachers_low_results"),
    "positive_dynamics": ("positive_dynamics", "diagnosed_twice"),
    "low_results_mentored": ("low_results_mentored", "teachers_low_results"),
    "young_share": ("young_specialists", "teachers_experience_known"),  # unknown experience is left out
    "young_mentored": ("young_mentored", "young_specialists"),
    "trained_quality": ("trained_quality", "teachers"),
    "in_communities": ("in_communities", "teachers"),
}
TEACHER_COUNTS = {"communities": "communities", "mentoring_system": "has_mentoring_system"}
BATCH = 5000
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def q2(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def share(numerator, denominator) -> Decimal | None:
    return q2(HUNDRED * Decimal(numerator) / Decimal(denominator)) if denominator else None


def mentoring_figures(school_ids, school_year) -> dict[int, dict[str, int]]:
    """The mentoring app's per-school figures (its contract); read lazily, as the app above the registry's
    layers may be absent in a deployment without it."""
    from mentoring.selectors import school_figures

    return school_figures(school_ids=school_ids, year=school_year)


def results_by_school(school_years, schools_q: Q) -> dict[tuple[int, int, str], dict]:
    """{(school id, year id, procedure): {participants, passed, journal, confirmed}} for Russian and mathematics
    (ВПР grades 4–8 only) in one grouped query."""
    rows = (AssessmentResult.objects
            .filter(schools_q, school_year__in=school_years, subject__code__in=SUBJECTS)
            .filter(~Q(procedure="vpr") | Q(grade__gte=4, grade__lte=8))
            .values("school_id", "school_year_id", "procedure")
            .annotate(n_part=Sum("participants"), n_failed=Sum("mark2"),
                      n_journal=Sum("participants", filter=Q(confirmed__isnull=False)), n_confirmed=Sum("confirmed")))
    return {(r["school_id"], r["school_year_id"], r["procedure"]): r for r in rows}


def _result_value(indicator: Indicator, row: dict | None, kind: str) -> tuple:
    """(value, numerator, n, data) of a result indicator from a grouped row."""
    if not row:
        return None, None, 0, {}
    if kind == "pass":
        n = row["n_part"] or 0
        passed = n - (row["n_failed"] or 0)
        return share(passed, n), Decimal(passed), n, {"participants": n, "failed": row["n_failed"] or 0}
    n = row["n_journal"] or 0
    confirmed = row["n_confirmed"] or 0
    return share(confirmed, n), Decimal(confirmed), n, {"with_journal_mark": n, "confirmed": confirmed}


@dataclass(slots=True)
class Row:
    """One computed value before it is written (plain, not a model instance: 40,000 schools make ~450,000)."""

    indicator: Indicator
    school_id: int
    value: Decimal | None
    numerator: Decimal | None
    n: int
    reliable: bool
    change: Decimal | None
    data: dict


def compute_values(*, school_year: SchoolYear, school_ids: list[int], schools_q: Q) -> list[Row]:
    """The computed values of every active computed indicator for the schools (not yet written)."""
    indicators = {i.code: i for i in Indicator.objects.filter(source=Source.COMPUTED, retired_at__isnull=True)}
    previous = SchoolYear.objects.filter(start_year=school_year.start_year - 1).first()
    years = [school_year] + ([previous] if previous else [])
    results = results_by_school(years, schools_q)
    needs_teachers = any(code in indicators for code in (*TEACHER_SHARES, *TEACHER_COUNTS))
    figures = mentoring_figures(school_ids, school_year) if needs_teachers else {}
    out = []
    for school_id in school_ids:
        for code, indicator in indicators.items():
            if code in RESULT_INDICATORS:
                procedure, kind = RESULT_INDICATORS[code]
                value, numerator, n, data = _result_value(
                    indicator, results.get((school_id, school_year.pk, procedure)), kind)
                change = None
                if previous is not None and value is not None:
                    before, _num, n_before, _d = _result_value(
                        indicator, results.get((school_id, previous.pk, procedure)), kind)
                    if before is not None:
                        change = value - before
                        data.update(previous=str(before), previous_n=n_before)
            elif code in TEACHER_SHARES:
                f = figures.get(school_id)
                if f is None:
                    continue
                num_key, den_key = TEACHER_SHARES[code]
                if num_key == "teachers_low_results" and not f.get("teachers_judged"):
                    continue  # no class results of the year before: unknown, not «none low» (a green 0 %)
                n = f.get(den_key, 0)
                value, numerator, change = share(f.get(num_key, 0), n), Decimal(f.get(num_key, 0)), None
                data = {num_key: f.get(num_key, 0), den_key: n}
            elif code in TEACHER_COUNTS:
                f = figures.get(school_id)
                if f is None:
                    continue
                key = TEACHER_COUNTS[code]
                raw = int(f.get(key, 0))
                value = Decimal(1 if raw else 0) if indicator.unit == Unit.FLAG else Decimal(raw)
                numerator, n, change = value, f.get("teachers", 0), None
                data = {key: raw, "teachers": n}
            else:
                continue  # a computed indicator whose code this engine does not know: nothing to compute
            if value is None and not n:
                continue
            out.append(Row(indicator, school_id, value, numerator, n, n >= indicator.min_n, change, data))
    return out


def _copy(model, columns: list[str], rows) -> None:
    """PostgreSQL's COPY of plain tuples into the model's table (seconds for hundreds of thousands of rows)."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv)", buffer)


def _blank(value):
    return "" if value is None else value


def write_values(rows: list[Row], school_year: SchoolYear, progress=None) -> None:
    """Insert the computed values: COPY on PostgreSQL, elsewhere bulk INSERTs."""
    if connection.vendor == "postgresql":
        now = timezone.now().isoformat()
        _copy(Value, ["indicator_id", "school_id", "school_year_id", "value", "numerator", "n", "reliable", "change",
                      "data", "source", "updated_at"],
              ((r.indicator.pk, r.school_id, school_year.pk, _blank(r.value), _blank(r.numerator), r.n,
                "t" if r.reliable else "f", _blank(r.change), json.dumps(r.data, ensure_ascii=False),
                Source.COMPUTED, now) for r in rows))
        return
    for i in range(0, len(rows), BATCH):
        Value.objects.bulk_create([
            Value(indicator=r.indicator, school_id=r.school_id, school_year=school_year, value=r.value,
                  numerator=r.numerator, n=r.n, reliable=r.reliable, change=r.change, data=r.data,
                  source=Source.COMPUTED) for r in rows[i:i + BATCH]])
        if progress:
            progress(50 + int(30 * min(i + BATCH, len(rows)) / max(len(rows), 1)))


def write_progress(rows: list[Progress]) -> None:
    if connection.vendor == "postgresql":
        _copy(Progress, ["school_id", "school_year_id", "improved", "worsened", "compared", "score"],
              ((p.school_id, p.school_year.pk, p.improved, p.worsened, p.compared, p.score) for p in rows))
        return
    Progress.objects.bulk_create(rows, batch_size=BATCH)


def progress_rows(values: list[Row], school_year: SchoolYear) -> list[Progress]:
    """Per school: result indicators improved / worsened (reliable values with a change) and the mean change."""
    by_school: dict[int, list[Row]] = defaultdict(list)
    for v in values:
        if v.indicator.is_result and v.change is not None and v.reliable:
            by_school[v.school_id].append(v)
    rows = []
    for school_id, vs in by_school.items():
        signed = [(v.change if v.indicator.direction != Direction.DOWN else -v.change) for v in vs]
        rows.append(Progress(school_id=school_id, school_year=school_year, compared=len(vs),
                             improved=sum(1 for c in signed if c > 0), worsened=sum(1 for c in signed if c < 0),
                             score=q2(sum(signed) / len(signed))))
    return rows


AGGREGATE_SQL = """
WITH v AS (
    SELECT v.indicator_id, s.municipality_id, v.school_id, v.value, COALESCE(v.numerator, 0) AS numerator, v.n,
           v.reliable
    FROM {value} v JOIN {school} s ON s.id = v.school_id
    WHERE v.school_year_id = %(year)s AND s.municipality_id = ANY(%(munis)s) AND v.value IS NOT NULL
), g AS (
    SELECT v.*, st.status AS grp FROM v
    JOIN {status} st ON st.school_id = v.school_id AND st.school_year_id = %(year)s
    UNION ALL
    SELECT v.*, 'other' FROM v WHERE NOT EXISTS (
        SELECT 1 FROM {status} st WHERE st.school_id = v.school_id AND st.school_year_id = %(year)s)
    UNION ALL
    SELECT v.*, 'all' FROM v
)
SELECT indicator_id, municipality_id, grp, COUNT(*), SUM(n), SUM(numerator), SUM(value),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY value), COUNT(*) FILTER (WHERE NOT reliable)
FROM g GROUP BY indicator_id, municipality_id, grp
"""


def _pooled(unit: str, count: int, total_n: int, numerators, values_sum) -> Decimal:
    if unit == Unit.PERCENT:
        return share(numerators, total_n) if total_n else q2(Decimal(values_sum) / count)
    if unit == Unit.FLAG:
        return share(values_sum, count)  # the share of schools with «да»
    return q2(Decimal(values_sum) / count)


def _aggregate_sql(*, school_year: SchoolYear, muni_ids: list[int]) -> list[Aggregate]:
    """PostgreSQL: the groups' sums and medians in one grouped query over the stored values."""
    units = dict(Indicator.objects.values_list("pk", "unit"))
    sql = AGGREGATE_SQL.format(value=Value._meta.db_table, school=School._meta.db_table,
                               status=SchoolStatus._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(sql, {"year": school_year.pk, "munis": muni_ids})
        rows = cursor.fetchall()
    return [Aggregate(indicator_id=ind, municipality_id=muni, school_year=school_year, group=grp,
                      value=_pooled(units[ind], count, total_n or 0, numerators or 0, values_sum),
                      median=q2(med), schools=count, n=total_n or 0, unreliable=unreliable)
            for ind, muni, grp, count, total_n, numerators, values_sum, med, unreliable in rows]


def aggregate_rows(*, school_year: SchoolYear, municipality_ids, computed: list[Row] | None = None) -> list[Aggregate]:
    """The groups' figures per municipality and indicator from the stored values (computed and entered); with
    `computed` (the pass just written) only the entered values are read back."""
    muni_ids = list(municipality_ids)
    if connection.vendor == "postgresql":
        return _aggregate_sql(school_year=school_year, muni_ids=muni_ids)
    schools = dict(School.objects.filter(municipality_id__in=muni_ids).values_list("pk", "municipality_id"))
    groups: dict[int, set[str]] = defaultdict(set)
    for school_id, status in SchoolStatus.objects.filter(
            school_year=school_year, school__municipality_id__in=muni_ids).values_list("school_id", "status"):
        groups[school_id].add(status)
    units = dict(Indicator.objects.values_list("pk", "unit"))
    buckets: dict[tuple, list] = defaultdict(list)
    stored = Value.objects.filter(school_year=school_year, school__municipality_id__in=muni_ids, value__isnull=False)
    if computed is not None:
        stored = stored.exclude(source=Source.COMPUTED)
    rows_in = stored.values_list("indicator_id", "school_id", "value", "numerator", "n", "reliable").iterator(
        chunk_size=20000)
    if computed is not None:
        rows_in = chain(((r.indicator.pk, r.school_id, r.value, r.numerator, r.n, r.reliable) for r in computed
                         if r.value is not None), rows_in)
    for indicator_id, school_id, value, numerator, n, reliable in rows_in:
        muni = schools.get(school_id)
        if muni is None:
            continue
        for group in (groups.get(school_id) or {Group.OTHER}) | {Group.ALL}:
            buckets[(indicator_id, muni, group)].append((value, numerator, n, reliable))
    rows = []
    for (indicator_id, muni, group), items in buckets.items():
        values = [v for v, _num, _n, _r in items]
        total_n = sum(n for _v, _num, n, _r in items)
        pooled = _pooled(units[indicator_id], len(values), total_n, sum((num or 0) for _v, num, _n, _r in items),
                         sum(values))
        rows.append(Aggregate(indicator_id=indicator_id, municipality_id=muni, school_year=school_year, group=group,
                              value=pooled, median=q2(median(values)), schools=len(items), n=total_n,
                              unreliable=sum(1 for _v, _num, _n, r in items if not r)))
    return rows


@transaction.atomic
def refresh_aggregates(*, school_year: SchoolYear, municipality_ids, computed: list[Row] | None = None) -> int:
    muni_ids = list(municipality_ids)
    rows = aggregate_rows(school_year=school_year, municipality_ids=muni_ids, computed=computed)
    Aggregate.objects.filter(school_year=school_year, municipality_id__in=muni_ids).delete()
    Aggregate.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def compute_year(*, school_year: SchoolYear, region=None, municipality=None, progress=None) -> dict:
    """Recompute every computed value of the year for the schools of a municipality, a region or the whole
    deployment; returns {"schools", "values", "seconds"}. Idempotent: the year's computed values are replaced."""
    started = time.monotonic()
    report = progress or (lambda pct: None)
    if municipality is not None:
        schools_q = Q(school__municipality=municipality)
        school_filter = Q(municipality=municipality)
    elif region is not None:
        schools_q = Q(school__municipality__region=region)
        school_filter = Q(municipality__region=region)
    else:
        schools_q, school_filter = Q(), Q()
    schools = list(School.objects.filter(school_filter, is_active=True).values_list("pk", "municipality_id"))
    school_ids = [pk for pk, _m in schools]
    report(5)
    values = compute_values(school_year=school_year, school_ids=school_ids, schools_q=schools_q)
    report(50)
    with transaction.atomic():
        Value.objects.filter(schools_q, school_year=school_year, source=Source.COMPUTED)._raw_delete(connection.alias)
        report(55)
        write_values(values, school_year, report)
        report(80)
        Progress.objects.filter(schools_q, school_year=school_year)._raw_delete(connection.alias)
        write_progress(progress_rows(values, school_year))
        report(85)
        refresh_aggregates(school_year=school_year, municipality_ids={m for _pk, m in schools}, computed=values)
    report(100)
    return {"schools": len(school_ids), "values": len(values), "seconds": round(time.monotonic() - started, 2)}

"""Computing a run: one INSERT … SELECT evaluates every criterion for all the run's schools and applies the
decision rules inside the database.

Each criterion kind contributes a SELECT (school, outcome code, evidence as numbers — see criteria/figures.py);
they are joined to the run's schools, the rules count the met criteria, and the rows are written without passing
through Python (bench/identification.py measures it on 40,000 schools). The run works only from its own snapshot
of the methodology, so re-running it on the same data gives the same list and evidence.
"""

import io
import json
import math
from collections.abc import Callable

from django.db import connection, transaction

from .criteria import RunContext, get_kind
from .criteria.base import TABLES
from .criteria.dialect import Dialect
from .criteria.estimates import Block
from .criteria.figures import ABSENT, MET_CODE
from .criteria.window import data_window, data_year  # noqa: F401  (the engine's own words for them)
from .models import Run, RunSchool, Status


def context_for(run: Run) -> RunContext:
    sample = run.snapshot.get("sample") or {}
    return RunContext(
        year=data_year(run.school_year.start_year),
        region_id=run.region_id,
        municipality_id=run.municipality_id,
        min_participants=sample.get("min_participants", 10),
        reliable_participants=sample.get("reliable_participants", 20),
    )


def _quoted(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _json_list(items: list[tuple[str, str]]) -> str:
    """SQL text of a JSON list of the values whose condition holds, in the given order: '["C1","C3"]'."""
    if not items:
        return "'[]'"
    parts = " || ".join(f"CASE WHEN {condition} THEN {_quoted(json.dumps(value) + ',')} ELSE '' END"
                        for value, condition in items)
    return f"'[' || RTRIM({parts}, ',') || ']'"


def copy_into(cursor, table: str, staged) -> None:
    """Staged rows into a temporary table by COPY, not INSERTs (40,000 rows of arrays load in a fraction of a
    second): equal-length rows in the binary format, the rest as text ('nan' reads as NaN, None as NULL)."""
    if isinstance(staged.rows, Block):
        cursor.copy_expert(f"COPY {table} (school_id, oc, fig) FROM STDIN WITH (FORMAT binary)",
                           io.BytesIO(staged.rows.copy_binary()))
        return
    lines = "".join(f"{int(school)}\t{int(code)}\t{{{str(fig)[1:-1]}}}\n" for school, code, fig in staged.rows)
    cursor.copy_expert(f"COPY {table} (school_id, oc, fig) FROM STDIN", io.StringIO(lines.replace("None", "NULL")))


def stage_table(i: int) -> str:
    return f"identification_stage_k{i}"


def stage(run: Run, ctx: RunContext, cursor) -> dict:
    """Rows of the criteria computed in Python (estimates over whole arrays, criteria/estimates.py) written to
    temporary tables the statement joins like the other criteria; returns what the run keeps about each of them
    (the fitted prior, the number expected to be labelled by chance), by criterion code."""
    pg = connection.vendor == "postgresql"
    summaries = {}
    for i, criterion in enumerate(run.snapshot["criteria"]):
        kind = get_kind(criterion["kind"])
        if not getattr(kind, "computed", False):
            continue
        staged = kind.stage(ctx, criterion["params"])
        summaries[criterion["code"]] = staged.summary
        table = stage_table(i)
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
        if pg:
            cursor.execute(f"CREATE TEMP TABLE {table} (school_id bigint, oc integer, fig float8[]) ON COMMIT DROP")
            copy_into(cursor.cursor, table, staged)
            cursor.execute(f"ANALYZE {table}")  # the planner sizes the joins by it (no statistics on a new table)
        else:
            cursor.execute(f"CREATE TEMP TABLE {table} (school_id integer, oc integer, fig text)")
            cursor.executemany(f"INSERT INTO {table} (school_id, oc, fig) VALUES (%s, %s, %s)",
                               [(s, c, json.dumps([None if v is None or not math.isfinite(v) else v for v in f]))
                                for s, c, f in staged.row_list()])  # SQLite's json() refuses NaN: it is unknown
    return summaries


def statement(run: Run, d: Dialect | None = None, ctx: RunContext | None = None) -> tuple[str, list]:
    """The INSERT … SELECT that computes and stores the run's schools (computed criteria read from `stage`)."""
    d = d or Dialect()
    ctx = ctx or context_for(run)
    criteria = run.snapshot["criteria"]
    kinds = [(get_kind(c["kind"]), c["params"]) for c in criteria]
    # the result rows are joined and filtered once, and every criterion reads them from there
    results, params = ctx.results_sql(
        d, first_year=min([kind.first_year(ctx, p) for kind, p in kinds] or [ctx.year]),
        regional=not ctx.municipality_id or any(kind.regional(p) for kind, p in kinds))
    scope, scope_params = ctx.scope_sql("s")
    params += scope_params
    ctes = [f"results AS ({results})", f"scope AS (SELECT s.id FROM {TABLES['school']} s WHERE {scope})"]
    joins, figures = [], []
    for i, criterion in enumerate(criteria):
        kind = get_kind(criterion["kind"])
        if getattr(kind, "computed", False):
            ctes.append(f"k{i} AS (SELECT school_id, oc, fig FROM {stage_table(i)})")
        else:
            sql, sql_params = kind.sql(ctx, criterion["params"], d)
            ctes.append(f"k{i} AS ({sql})")
            params += sql_params
        joins.append(f"LEFT JOIN k{i} ON k{i}.school_id = scope.id")
        figures.append(f"COALESCE(k{i}.fig, {d.nums(str(ABSENT))})")
    met = {c["code"]: f"k{i}.oc = {MET_CODE}" for i, c in enumerate(criteria)}
    rules = run.snapshot["rules"]

    def rule(status: str) -> str:
        if status not in rules:
            return "1 = 0"
        counted = " + ".join(f"(CASE WHEN {met[code]} THEN 1 ELSE 0 END)" for code in rules[status]["criteria"])
        return f"({counted}) >= {int(rules[status]['min_met'])}"

    review = [met[c["code"]] for c in criteria if not get_kind(c["kind"]).labels_schools]
    statuses = sorted(Status.values)
    columns = ["run_id", "school_id", "proposed", "met", "needs_review", "figures", "legacy_evidence", "lrs_included",
               "dsc_included"]
    select = [
        str(int(run.pk)), "scope.id",
        d.json_text(_json_list([(s, rule(s)) for s in statuses])),
        d.json_text(_json_list([(c["code"], met[c["code"]]) for c in criteria])),
        f"CASE WHEN {' OR '.join(review) if review else '1 = 0'} THEN 1 = 1 ELSE 1 = 0 END",
        d.concat(*figures) if figures else d.nums(), d.json_text("'{}'"),
        rule(Status.LRS), rule(Status.DSC),
    ]
    sql = (f"WITH {', '.join(ctes)} INSERT INTO {RunSchool._meta.db_table} ({', '.join(columns)}) "
           f"SELECT {', '.join(select)} FROM scope {' '.join(joins)}")
    return sql, params


def compute(run: Run, progress: Callable[[int], None] = lambda pct: None) -> int:
    """Evaluate and store the run's schools (replacing any earlier attempt of the same run)."""
    ctx = context_for(run)
    progress(5)
    with transaction.atomic(), connection.cursor() as cursor:
        RunSchool.objects.filter(run=run).delete()
        if connection.vendor == "postgresql":
            # one heavy statement: sorts and hashes in memory, and no JIT compilation (it costs more than it saves);
            # the planner cannot estimate the criteria's subqueries and chose nested loops between them (minutes),
            # and merge joins that sort hundreds of thousands of rows a hash join reads as they come
            cursor.execute("SET LOCAL work_mem = '128MB'")
            cursor.execute("SET LOCAL jit = off")
            cursor.execute("SET LOCAL enable_nestloop = off")
            cursor.execute("SET LOCAL enable_mergejoin = off")
        summaries = stage(run, ctx, cursor)
        progress(50 if summaries else 5)
        sql, params = statement(run, ctx=ctx)
        cursor.execute(sql, params)
        if connection.vendor != "postgresql":
            for i in range(len(run.snapshot["criteria"])):
                cursor.execute(f"DROP TABLE IF EXISTS {stage_table(i)}")
        Run.objects.filter(pk=run.pk).update(estimates=summaries)
        run.estimates = summaries
    count = RunSchool.objects.filter(run=run).count()  # rowcount of WITH … INSERT is -1 on SQLite
    progress(100)
    return count

"""The data behind the estimated criteria (docs/methodology.md, «Оценки с интервалами»): every school's results in
the window, pooled over years and grades, read once per run for the whole region and shared by the kinds.

One row per school × procedure × subject: participants, «2», pupils with a mark, and the school's standardised mean
mark. Marks are standardised within their unit (procedure × subject × grade × year) against the region's pupils:
z = (school's mean mark − region's mean mark) / region's pupil standard deviation of marks. A school's units are
pooled with weights by pupils with a mark; the sampling variance of the pooled z uses the region's pooled
within-school variance of marks of each unit (the school's own variance is unreliable in a class of five).
Computed kinds (EstimatedKind) stage their rows for the engine instead of giving SQL (engine.stage).
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from schools.models import Procedure

from .base import CriterionKind, EvidenceView, RunContext, fetch, subject_names, year_name
from .dialect import Dialect
from .figures import MET_CODE, Layout

PROCEDURES = list(Procedure.values)
NO_DATA_CODE, NOT_MET_CODE = 1, 2
WINDOW_YEARS = 3


def profile_sql(d: Dialect, first_year: int, last_year: int) -> str:
    """CTEs and SELECT of the pooled rows, to follow `WITH results AS (…), ` (see RunContext.results_sql)."""
    real = d.real
    return f"""
        u AS (
            SELECT r.school_id, r.in_scope, r.procedure, r.subject_id, r.grade, r.yr, r.participants AS n, r.mark2,
                   (r.mark2 + r.mark3 + r.mark4 + r.mark5) AS nm,
                   {real('2 * r.mark2 + 3 * r.mark3 + 4 * r.mark4 + 5 * r.mark5')} AS s1,
                   {real('4 * r.mark2 + 9 * r.mark3 + 16 * r.mark4 + 25 * r.mark5')} AS s2
            FROM results r WHERE r.yr BETWEEN {int(first_year)} AND {int(last_year)}
        ),
        st AS (
            SELECT u.procedure, u.subject_id, u.grade, u.yr, SUM(u.s1) / SUM(u.nm) AS m,
                   SUM(u.s2) / SUM(u.nm) - (SUM(u.s1) / SUM(u.nm)) * (SUM(u.s1) / SUM(u.nm)) AS total,
                   SUM(u.s2 - u.s1 * u.s1 / u.nm) / NULLIF(SUM(u.nm) - COUNT(*), 0) AS within
            FROM u WHERE u.nm > 0 GROUP BY u.procedure, u.subject_id, u.grade, u.yr
        )
        SELECT u.school_id, MAX(u.in_scope), u.procedure, u.subject_id, SUM(u.n), SUM(u.mark2),
               COALESCE(SUM(u.nm) FILTER (WHERE st.total > 0), 0),
               COALESCE(SUM((u.s1 - u.nm * st.m) / SQRT(st.total)) FILTER (WHERE st.total > 0), 0),
               COALESCE(SUM(u.nm * COALESCE(st.within, st.total) / st.total) FILTER (WHERE st.total > 0), 0),
               MIN(u.yr), MAX(u.yr)
        FROM u LEFT JOIN st ON st.procedure = u.procedure AND st.subject_id = u.subject_id AND st.grade = u.grade
                            AND st.yr = u.yr AND u.nm > 0
        GROUP BY u.school_id, u.procedure, u.subject_id
    """


COLUMNS = ["school", "in_scope", "procedure", "subject", "n", "k", "nm", "zsum", "vsum", "first", "last"]


def profile(ctx: RunContext, first_year: int) -> pd.DataFrame:
    """The pooled rows of the region's schools over [first_year, ctx.year] (read once per run and window)."""
    key = ("profile", first_year)
    if key not in ctx.cache:
        d = Dialect()
        base, params = ctx.results_sql(d, first_year=first_year, regional=True)
        rows = fetch(f"WITH results AS ({base}), {profile_sql(d, first_year, ctx.year)}", params)
        frame = pd.DataFrame(rows, columns=COLUMNS)
        for column in ("n", "k", "nm", "zsum", "vsum"):
            frame[column] = frame[column].astype(float)
        ctx.cache[key] = frame
    return ctx.cache[key]


def pooled(frame: pd.DataFrame, *, procedures=None, subject: int | None = None) -> pd.DataFrame:
    """Per school: the selected rows summed (participants, «2», pupils with a mark, Σz, Σv), the first and last
    year, in_scope; `y` = the pooled standardised mean mark and `v` its sampling variance (NaN without marks)."""
    rows = frame
    if procedures is not None:
        rows = rows[rows["procedure"].isin(list(procedures))]
    if subject is not None:
        rows = rows[rows["subject"] == subject]
    out = rows.groupby("school").agg(in_scope=("in_scope", "max"), n=("n", "sum"), k=("k", "sum"),
                                     nm=("nm", "sum"), zsum=("zsum", "sum"), vsum=("vsum", "sum"),
                                     first=("first", "min"), last=("last", "max"))
    with np.errstate(divide="ignore", invalid="ignore"):
        out["y"] = np.where(out["nm"] > 0, out["zsum"] / out["nm"], np.nan)
        out["v"] = np.where(out["nm"] > 0, out["vsum"] / (out["nm"] ** 2), np.nan)
    return out


def pooled_in(ctx: RunContext, first_year: int, *, procedures=None, subject: int | None = None) -> pd.DataFrame:
    """`pooled` over the run's profile, kept for the run: its kinds pool the same selections more than once."""
    key = ("pooled", first_year, tuple(procedures) if procedures is not None else None, subject)
    if key not in ctx.cache:
        ctx.cache[key] = pooled(profile(ctx, first_year), procedures=procedures, subject=subject)
    return ctx.cache[key]


def percentile(values, mu: float, tau: float):
    """A level as the share (%) of the region's schools whose true level is lower (the fitted normal of levels)."""
    from scipy import stats

    if tau <= 0:
        return np.full_like(np.asarray(values, float), 50.0)
    return 100.0 * stats.norm.cdf((np.asarray(values, float) - mu) / tau)


@dataclass
class Block:
    """Rows of equal length as whole arrays: school ids, outcome codes and the figures as a matrix."""

    ids: np.ndarray
    codes: np.ndarray
    matrix: np.ndarray

    def rows(self) -> list[tuple[int, int, list[float]]]:
        return [(int(i), int(c), row) for i, c, row in zip(self.ids, self.codes, self.matrix.tolist(), strict=True)]

    def copy_binary(self) -> bytes:
        """PostgreSQL's binary COPY of (bigint, integer, float8[]) rows, built as one numpy record array: every row
        has the same length, so no number is formatted as text (that cost seconds on 40,000 schools)."""
        n, m = self.matrix.shape
        row = np.dtype([("fields", ">i2"), ("id_len", ">i4"), ("id", ">i8"), ("oc_len", ">i4"), ("oc", ">i4"),
                        ("arr_len", ">i4"), ("ndim", ">i4"), ("has_null", ">i4"), ("oid", ">u4"), ("dim", ">i4"),
                        ("lower", ">i4"), ("values", [("len", ">i4"), ("value", ">f8")], (m,))])
        out = np.zeros(n, row)
        out["fields"], out["id_len"], out["id"], out["oc_len"], out["oc"] = 3, 8, self.ids, 4, self.codes
        out["arr_len"], out["ndim"], out["oid"], out["dim"], out["lower"] = 20 + 12 * m, 1, 701, m, 1  # 701: float8
        out["values"]["len"], out["values"]["value"] = 8, self.matrix
        return b"PGCOPY\n\xff\r\n\x00" + bytes(8) + out.tobytes() + b"\xff\xff"


@dataclass
class Staged:
    """A computed kind's rows for the engine: (school id, outcome code, figures) of the run's schools — a list, or a
    Block of equal-length rows — and what the run keeps about the whole computation (the fitted prior, the expected
    number labelled by chance)."""

    rows: "list[tuple[int, int, list[float]]] | Block"
    summary: dict

    def row_list(self) -> list[tuple[int, int, list[float]]]:
        return self.rows.rows() if isinstance(self.rows, Block) else self.rows


def outcome_codes(met: np.ndarray, no_data: np.ndarray) -> np.ndarray:
    return np.where(met, MET_CODE, np.where(no_data, NO_DATA_CODE, NOT_MET_CODE))


def pack_columns(layout: Layout, ids, codes, scalars: dict, table: np.ndarray | None = None) -> Block:
    """Rows for the engine from whole columns: the outcome codes, every scalar of the layout as an array, and (for a
    layout with one list of one column) a table of the same number of values per school — no loop over rows."""
    n = len(np.asarray(codes))
    columns = [np.asarray(codes, float)] + [np.asarray(scalars[name], float) for name in layout.scalars]
    if layout.lists:
        table = np.zeros((n, 0)) if table is None else np.asarray(table, float).reshape(n, -1)
        columns += [np.full(n, table.shape[1], float)] + [table[:, j] for j in range(table.shape[1])]
    matrix = np.column_stack(columns) if n else np.zeros((0, len(columns)))
    return Block(np.asarray(ids, np.int64), np.asarray(codes, np.int64), matrix)


class EstimatedKind(CriterionKind):
    """A criterion computed from the pooled estimates in Python over whole arrays, staged for the engine."""

    computed = True

    def regional(self, params):
        return True  # the prior and the reference levels are the region's

    def first_year(self, ctx, params):
        return ctx.year - int(params.get("window_years", WINDOW_YEARS)) + 1

    def stage(self, ctx: RunContext, params: dict) -> Staged:
        raise NotImplementedError

    def years(self, evidence, params):
        if evidence.get("first") is None:
            return []
        return list(range(int(evidence["first"]), int(evidence["last"]) + 1))

    @staticmethod
    def _span(evidence) -> str:
        """The years behind the estimate: «2023/2024–2025/2026»."""
        first, last = int(evidence["first"]), int(evidence["last"])
        return year_name(first) if first == last else f"{year_name(first)}–{year_name(last)}"

    def sql(self, ctx, params, d):  # the engine reads the staged rows (engine.stage)
        raise NotImplementedError(f"{self.code} is computed in Python: see engine.stage")

    def evaluate(self, ctx, params):
        layout = self.layout(params)
        out = {}
        for school_id, _code, fig in self.stage(ctx, params).row_list():
            raw, _pos = layout.read(fig, 0)
            out[school_id] = EvidenceView(self.shape(raw, params), self, params)
        return out

    @staticmethod
    def subjects() -> dict[int, str]:
        return subject_names()

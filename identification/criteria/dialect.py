"""The few SQL spellings that differ between PostgreSQL and SQLite, so one statement serves both.

Criteria build their evidence as arrays of numbers inside the database (a run writes tens of thousands of rows
with one INSERT … SELECT); these helpers spell arrays, aggregates and rounding for the backend in use.
"""

from django.db import connection


class Dialect:
    def __init__(self, vendor: str | None = None):
        self.pg = (vendor or connection.vendor) == "postgresql"

    def nums(self, *exprs: str) -> str:
        """An array of numbers from SQL expressions (figures, see figures.py)."""
        if self.pg:
            return "ARRAY[" + ", ".join(f"({e})::float8" for e in exprs) + "]::float8[]"
        return f"json_array({', '.join(exprs)})"

    def num_agg(self, expr: str, where: str | None = None) -> str:
        """An array of numbers aggregated over the rows (every such aggregate of one query sees the rows in the
        same order, so columns aggregated side by side stay aligned); `where` keeps only the rows it holds for."""
        if self.pg:
            if where:
                return f"COALESCE(array_agg(({expr})::float8) FILTER (WHERE {where}), '{{}}'::float8[])"
            return f"array_agg(({expr})::float8)"
        return f"json_group_array({expr})" + (f" FILTER (WHERE {where})" if where else "")

    def concat(self, *arrays: str) -> str:
        """Arrays of numbers one after another (SQLite keeps them nested; figures.flatten reads both)."""
        if self.pg:
            return "(" + " || ".join(arrays) + ")"
        return f"json_array({', '.join(f'json({a})' for a in arrays)})"

    def round(self, expr: str, digits: int) -> str:
        # float8 rounding: numeric conversions cost more than the rest of a criterion's arithmetic
        scale = 10 ** digits
        return f"(round(({expr})::float8 * {scale}) / {scale})" if self.pg else f"round({expr}, {digits})"

    def real(self, expr: str) -> str:
        """A floating-point value (no integer truncation; on PostgreSQL float8, many times faster than numeric)."""
        return f"(({expr})::float8)" if self.pg else f"(({expr}) * 1.0)"

    def number(self, value: float) -> str:
        """A floating-point literal (PostgreSQL would read 30.0 as numeric and compute the row in numeric)."""
        return f"{float(value)!r}::float8" if self.pg else repr(float(value))

    def hundredths(self, expr: str) -> str:
        """A decimal with two places (a mean score) as an exact integer number of hundredths, so equal scores are
        equal on both backends (SQLite keeps decimals as floating point: 12.34 · 100 may be 1233.9999…)."""
        return f"(({expr}) * 100)::bigint" if self.pg else f"CAST(ROUND(({expr}) * 100) AS INTEGER)"

    def json_text(self, expr: str) -> str:
        """A text built in SQL (e.g. '["lrs"]') stored into a JSON column."""
        return f"({expr})::jsonb" if self.pg else f"json({expr})"

"""The few SQL spellings that differ between PostgreSQL and SQLite, so one statement serves both.

Criteria build their evidence as JSON inside the database (a run writes tens of thousands of rows with one
INSERT … SELECT); these helpers spell JSON objects, arrays, aggregates and rounding for the backend in use.
On PostgreSQL the pieces are `json` (cheap to build) and the stored column converts once to jsonb.
"""

from django.db import connection


class Dialect:
    def __init__(self, vendor: str | None = None):
        self.pg = (vendor or connection.vendor) == "postgresql"

    def obj(self, **pairs: str) -> str:
        """A JSON object from SQL expressions: obj(value="x.v") → jsonb_build_object('value', x.v)."""
        fn = "json_build_object" if self.pg else "json_object"
        args = ", ".join(f"'{key}', {value}" for key, value in pairs.items())
        return f"{fn}({args})"

    def arr(self, *items: str) -> str:
        return f"{'json_build_array' if self.pg else 'json_array'}({', '.join(items)})"

    def agg(self, expr: str, order: str = "", where: str = "") -> str:
        """A JSON array aggregated over rows (PostgreSQL keeps `order`; readers sort where order matters)."""
        if self.pg:
            suffix = f" ORDER BY {order}" if order else ""
            out = f"json_agg({expr}{suffix})"
        else:
            out = f"json_group_array({expr})"
        return f"{out} FILTER (WHERE {where})" if where else out

    def nested(self, expr: str) -> str:
        """A JSON value taken from a column or subquery into another JSON value (SQLite would quote text)."""
        return expr if self.pg else f"json({expr})"

    def literal(self, text: str) -> str:
        """A JSON constant: literal('{"outcome": "no_data"}')."""
        quoted = text.replace("'", "''")
        return f"'{quoted}'::json" if self.pg else f"json('{quoted}')"

    def boolean(self, condition: str) -> str:
        """A JSON true/false from an SQL condition."""
        if self.pg:
            return f"to_json({condition})"
        return f"CASE WHEN {condition} THEN json('true') ELSE json('false') END"

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

    def stored(self, expr: str) -> str:
        """A JSON value built in SQL, as the jsonb column stores it."""
        return f"({expr})::jsonb" if self.pg else expr

    def json_text(self, expr: str) -> str:
        """A text built in SQL (e.g. '["lrs"]') stored into a JSON column."""
        return f"({expr})::jsonb" if self.pg else f"json({expr})"

"""Evidence stored as numbers ("figures") rather than JSON documents.

A run writes evidence for every school and criterion. Building and storing it as JSON cost more than the
criteria themselves (every number formatted as text, then parsed into jsonb), so the database builds one
flat array of numbers per school (`double precision[]` on PostgreSQL, a JSON array on SQLite) and the kind
turns its part back into a readable dict on display.

One criterion's part, in the order of the methodology's criteria: the outcome code, the kind's scalars,
then each list as its length followed by its columns one after another. A school the criterion's SELECT
did not return at all is a single 0 ("no data", nothing else).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from .dialect import Dialect


class Outcome:
    MET = "met"
    NOT_MET = "not_met"
    NO_DATA = "no_data"

    LABELS = {MET: "выполнен", NOT_MET: "не выполнен", NO_DATA: "недостаточно данных"}


ABSENT = 0
CODES = {1: Outcome.NO_DATA, 2: Outcome.NOT_MET, 3: Outcome.MET}
MET_CODE = 3


def outcome_sql(met: str, no_data: str = "1 = 0") -> str:
    """The outcome code from two SQL conditions: met first, then "not enough data", else not met."""
    return f"(CASE WHEN {met} THEN {MET_CODE} WHEN {no_data} THEN 1 ELSE 2 END)"


@dataclass(frozen=True)
class Layout:
    scalars: tuple[str, ...] = ()
    lists: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (name, columns)

    def sql(self, d: Dialect, outcome: str, values: dict[str, str], lists: dict[str, dict[str, str]] | None = None
            ) -> str:
        """The criterion's figures from SQL expressions, lists built in the same aggregate query."""
        return d.concat(self.head(d, outcome, values), self.tail(d, lists)) if self.lists else self.head(
            d, outcome, values)

    def head(self, d: Dialect, outcome: str, values: dict[str, str]) -> str:
        """The outcome code and the scalars."""
        return d.nums(outcome, *(values[name] for name in self.scalars))

    def tail(self, d: Dialect, lists: dict[str, dict[str, str]] | None, where: dict[str, str] | None = None) -> str:
        """The lists, inside an aggregate query: {column: expression} over the aggregated rows of each list (only
        the rows where its `where` condition holds, if it has one)."""
        parts = []
        for name, columns in self.lists:
            exprs, cond = (lists or {})[name], (where or {}).get(name)
            parts.append(d.nums(f"SUM(CASE WHEN {cond} THEN 1 ELSE 0 END)" if cond else "COUNT(*)"))
            parts += [d.num_agg(exprs[column], cond) for column in columns]
        return d.concat(*parts)

    def empty_tail(self, d: Dialect) -> str:
        """The lists of a school without any listed rows."""
        return d.nums(*(["0"] * len(self.lists)))

    def read(self, flat: list, pos: int) -> tuple[dict | None, int]:
        """Values of one criterion from `flat` at `pos`: ({outcome, scalars…, lists…}, next position); None
        when the criterion returned no row for the school."""
        code = int(flat[pos])
        pos += 1
        if code == ABSENT:
            return None, pos
        raw = {"outcome": CODES[code]}
        for name in self.scalars:
            value = flat[pos]
            raw[name] = None if isinstance(value, float) and value != value else value  # NaN (staged) is unknown
            pos += 1
        for name, columns in self.lists:
            count = int(flat[pos])
            pos += 1
            values = []
            for _column in columns:
                values.append(flat[pos:pos + count])
                pos += count
            raw[name] = [list(row) for row in zip(*values, strict=True)] if count else []
        return raw, pos


@dataclass(frozen=True)
class Versioned:
    """The figures of a kind whose layout changed: the current layout's first scalar is a negative marker, a
    value the earlier layout never held at that place (its first scalar was a count), so figures stored by
    earlier runs are still read with the layout they were written in."""

    current: Layout
    earlier: Layout
    marker: int

    def read(self, flat: list, pos: int) -> tuple[dict | None, int]:
        if int(flat[pos]) != ABSENT and pos + 1 < len(flat) and flat[pos + 1] == self.marker:
            return self.current.read(flat, pos)
        return self.earlier.read(flat, pos)


def flatten(values: Iterable) -> list:
    """SQLite nests the parts (json_array of arrays); PostgreSQL's arrays are already flat."""
    out = []
    for value in values:
        if isinstance(value, list):
            out.extend(flatten(value))
        else:
            out.append(value)
    return out


def integer(value) -> int | None:
    return None if value is None else int(value)


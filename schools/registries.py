"""The school's extension points: what higher apps add to the school card, the school list (columns, filters) and
the labels shown beside schools, without `schools` naming them. Filled from each app's `AppConfig.ready()`; every
entry decides itself what the user may see."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

# ---- school card ----------------------------------------------------------------------------------

Section = Callable[..., str | None]
_SECTIONS: list[tuple[int, Section]] = []


def register_card_section(order: int, section: Section) -> None:
    """`section(request, school) -> str | None` (rendered HTML); the school card shows them in order.

    The section decides itself what the user may see (None: nothing to show)."""
    if all(s is not section for _o, s in _SECTIONS):
        _SECTIONS.append((order, section))
        _SECTIONS.sort(key=lambda t: t[0])


def render_card_sections(request, school) -> list[str]:
    return [html for _order, section in _SECTIONS if (html := section(request, school))]


# ---- flags on schools (what a higher app knows about a school that a lower app's page should show) ---------

SchoolFlags = Callable[..., dict[int, list[str]]]
_FLAGS: list[SchoolFlags] = []


def register_school_flags(provider: SchoolFlags) -> None:
    """`provider(school_ids) -> {school_id: [label, …]}` in one query: what a higher layer knows about schools that
    a lower layer's page should show beside them (e.g. «школа-лидер до 31.08.2027» beside a proposed school)."""
    if all(p is not provider for p in _FLAGS):
        _FLAGS.append(provider)


def school_flags(school_ids) -> dict[int, list[str]]:
    """Every provider's labels for the given schools (one query per provider; nothing asked for no schools)."""
    ids = list(school_ids)
    out: dict[int, list[str]] = {}
    if not ids:
        return out
    for provider in _FLAGS:
        for school_id, labels in provider(ids).items():
            out.setdefault(school_id, []).extend(labels)
    return out


# ---- the school list: columns and filters of higher apps --------------------------------------------

@dataclass(frozen=True)
class Cell:
    """One value of an added column: `text` (a badge when `tone` is "ok", "warn" or "bad"), then a muted `note`."""

    text: str
    tone: str = ""
    note: str = ""


@dataclass(frozen=True)
class SchoolColumns:
    """Columns an app adds to the school list (/schools/ and its Excel export). `values(user, school_ids)` answers
    {school id: {column key: Cell}} for the schools of a page (a list of ids) or of an export (a queryset of ids)
    in one query, never one per row; a school or column missing from the answer shows «—»."""

    order: int
    key: str
    columns: Sequence[tuple[str, str]]  # (column key, heading)
    values: Callable


@dataclass(frozen=True)
class SchoolFilter:
    """A filter an app adds to the school list: a select of `choices` (value, label) named `key` in the query
    string; `apply(user, queryset, value)` narrows the schools (inside the list's one query)."""

    order: int
    key: str
    label: str
    choices: Sequence[tuple[str, str]]
    apply: Callable


_SCHOOL_COLUMNS: dict[str, SchoolColumns] = {}
_SCHOOL_FILTERS: dict[str, SchoolFilter] = {}


def register_school_columns(order: int, key: str, columns, values: Callable) -> None:
    _SCHOOL_COLUMNS[key] = SchoolColumns(order, key, tuple(columns), values)


def register_school_filter(order: int, key: str, label, choices, apply: Callable) -> None:
    _SCHOOL_FILTERS[key] = SchoolFilter(order, key, label, tuple(choices), apply)


def school_columns() -> list[SchoolColumns]:
    return sorted(_SCHOOL_COLUMNS.values(), key=lambda c: c.order)


def school_filters() -> list[SchoolFilter]:
    return sorted(_SCHOOL_FILTERS.values(), key=lambda f: f.order)


# ---- the user's scope ---------------------------------------------------------------------------------------

_SCOPE_PROVIDER: list[Callable] = []


def register_scope_provider(provider: Callable) -> None:
    """`provider(user) -> Scope`: the user's memberships flattened into id sets, given by `accounts` (above the
    registry) from its ready(), so that the registry's rules (schools/access.py) read it without importing accounts."""
    _SCOPE_PROVIDER[:] = [provider]


def scope_provider() -> Callable:
    return _SCOPE_PROVIDER[0]


# ---- what relies on a school's assessment results --------------------------------------------------------

ResultUses = Callable[..., dict[tuple[int, int], list[str]]]
_RESULT_USES: list[ResultUses] = []


def register_result_uses(provider: ResultUses) -> None:
    """`provider(keys) -> {(school id, start year): [«утверждённом списке ШНОР 2025/2026 (…)», …]}` for a set of
    (school id, start year) keys, in one query: approved decisions of a higher app that rely on those results. An
    import that changes such results names them and needs the user's confirmation (schools/imports/results/)."""
    if all(p is not provider for p in _RESULT_USES):
        _RESULT_USES.append(provider)


def result_uses(keys) -> dict[tuple[int, int], list[str]]:
    keys = set(keys)
    out: dict[tuple[int, int], list[str]] = {}
    if not keys:
        return out
    for provider in _RESULT_USES:
        for key, texts in provider(keys).items():
            out.setdefault(key, []).extend(texts)
    return out

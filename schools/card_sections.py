"""Sections that higher-layer apps add to the school card without the registry importing them.

An app registers `section(request, school) -> str | None` (rendered HTML) in its AppConfig.ready();
the card renders them in order. This keeps the dependency direction of DESIGN §3: schools knows nothing
of identification, partnerships and the rest.
"""

from collections.abc import Callable

Section = Callable[..., str | None]
_SECTIONS: list[tuple[int, Section]] = []


def register(order: int, section: Section) -> None:
    if all(s is not section for _o, s in _SECTIONS):
        _SECTIONS.append((order, section))
        _SECTIONS.sort(key=lambda t: t[0])


def render_sections(request, school) -> list[str]:
    return [html for _order, section in _SECTIONS if (html := section(request, school))]

"""The sections of a roadmap's progress report that higher apps add (e.g. monitoring's indicator values), so that
the school files them in the report it already sends. Filled from each app's `AppConfig.ready()`."""

from collections.abc import Callable
from dataclasses import dataclass

# ---- sections of a progress report (what a higher app asks the school to file with it) ---------------------


@dataclass(frozen=True)
class ReportSection:
    """A part of a roadmap's progress report that a higher app adds (e.g. monitoring's indicator values), so the
    school files it in the report it already sends and the methodologist reviews it with the report.

    - `applies(report) -> bool`: whether the report has this section;
    - `form(report, data=None)`: a Django form (bound when `data` is given) with the section's fields;
    - `save(actor, report, cleaned_data)`: writes the section (called inside the report's service transaction, after
      the report's own rules: the actor may file it and the report is still editable);
    - `problems(report) -> list[str]`: what is missing before the report may be sent (empty: complete);
    - `display(request, report) -> str | None`: read-only HTML for the review and after sending;
    - `accepted(actor, report)`: the report was accepted (inside the review's transaction): what the section filed
      takes effect (e.g. monitoring's values go live only now)."""

    order: int
    key: str
    title: str
    applies: Callable
    form: Callable
    save: Callable
    problems: Callable
    display: Callable
    accepted: Callable | None = None


_REPORT_SECTIONS: dict[str, ReportSection] = {}


def register_report_section(order: int, key: str, title, *, applies: Callable, form: Callable, save: Callable,
                            problems: Callable, display: Callable, accepted: Callable | None = None) -> None:
    """Registered from the app's ready(); keyed: idempotent."""
    _REPORT_SECTIONS[key] = ReportSection(order, key, title, applies, form, save, problems, display, accepted)


def report_sections(report) -> list[ReportSection]:
    """The sections that the report has, in order."""
    return [s for s in sorted(_REPORT_SECTIONS.values(), key=lambda s: s.order) if s.applies(report)]


def report_section(report, key: str) -> ReportSection | None:
    return next((s for s in report_sections(report) if s.key == key), None)

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
      takes effect (e.g. monitoring's values go live only now);
    - `editor(request, report, form) -> str`: optional HTML of the section's editing part (e.g. one small form per
      value, each saved on its own), posted to the section's save URL; without it the page draws `form` whole."""

    order: int
    key: str
    title: str
    applies: Callable
    form: Callable
    save: Callable
    problems: Callable
    display: Callable
    accepted: Callable | None = None
    editor: Callable | None = None


_REPORT_SECTIONS: dict[str, ReportSection] = {}


def register_report_section(order: int, key: str, title, *, applies: Callable, form: Callable, save: Callable,
                            problems: Callable, display: Callable, accepted: Callable | None = None,
                            editor: Callable | None = None) -> None:
    """Registered from the app's ready(); keyed: idempotent."""
    _REPORT_SECTIONS[key] = ReportSection(order, key, title, applies, form, save, problems, display, accepted,
                                          editor)


def report_sections(report) -> list[ReportSection]:
    """The sections that the report has, in order."""
    return [s for s in sorted(_REPORT_SECTIONS.values(), key=lambda s: s.order) if s.applies(report)]


def report_section(report, key: str) -> ReportSection | None:
    return next((s for s in report_sections(report) if s.key == key), None)


# ---- work done elsewhere for an activity (e.g. mentoring's events linked to it) ----------------------------


@dataclass(frozen=True)
class LinkedWork:
    """One piece of work a higher app links to an activity (a seminar held for it), shown on the activity."""

    date: object
    title: str
    url: str
    attended: int | None = None  # None: attendance not marked yet
    invited: int | None = None


@dataclass(frozen=True)
class Reach:
    """Distinct teachers reached by the linked work out of the teachers of the schools in its scope (n)."""

    reached: int
    base: int


@dataclass(frozen=True)
class ActivityWork:
    title: str
    items: list
    reach: Reach | None = None


_ACTIVITY_WORK: dict[str, Callable] = {}


def register_activity_work(key: str, provider: Callable) -> None:
    """`provider(activity) -> ActivityWork | None`: what the app did for the activity (read at its page)."""
    _ACTIVITY_WORK[key] = provider


def activity_work(activity) -> list[ActivityWork]:
    return [w for provider in _ACTIVITY_WORK.values() if (w := provider(activity)) is not None]

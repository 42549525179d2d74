"""Reads of the methodical work, one module per subdomain: teacher-level results (`results`), the per-school figures
(`figures`: the coverage page, the school card and the monitoring app read them), the coverage table, events,
diagnostics, routes and a teacher's page. Every function reads in a fixed number of queries, whatever the number of
rows. Other apps import these names from `mentoring.selectors`."""

from .activity_work import activity_reach, activity_work
from .coverage import COVERAGE_COLUMNS, CoverageRow, coverage, coverage_export, supported_schools
from .diagnostics import CompetenceChange, diagnostic_changes, diagnostic_dynamics
from .events import event_list, event_participations, month_grid, with_counts
from .figures import FIGURE_KEYS, school_figures
from .results import (
    DEFAULT_RULE,
    LowResultRow,
    Rule,
    TeacherResult,
    as_rule,
    classes_text,
    followed_up,
    judged_teacher_ids,
    low_result_teacher_ids,
    low_results_list,
    rule_of,
    rules_for,
    teacher_results,
)
from .routes import routes_by_school
from .teachers import teacher_page
from .year_totals import communities_with_members, courses_ended, held_events_by_kind, pairs_by_status
from .years import current_start_year, start_year_of, year_period

__all__ = [
    "activity_reach", "activity_work",
    "COVERAGE_COLUMNS",
    "DEFAULT_RULE",
    "FIGURE_KEYS",
    "CompetenceChange",
    "CoverageRow",
    "LowResultRow",
    "Rule",
    "TeacherResult",
    "as_rule",
    "classes_text",
    "communities_with_members",
    "courses_ended",
    "coverage",
    "coverage_export",
    "supported_schools",
    "current_start_year",
    "diagnostic_changes",
    "diagnostic_dynamics",
    "event_list",
    "event_participations",
    "followed_up",
    "held_events_by_kind",
    "judged_teacher_ids",
    "low_result_teacher_ids",
    "low_results_list",
    "month_grid",
    "pairs_by_status",
    "routes_by_school",
    "rule_of",
    "rules_for",
    "school_figures",
    "start_year_of",
    "teacher_page",
    "teacher_results",
    "with_counts",
    "year_period",
]

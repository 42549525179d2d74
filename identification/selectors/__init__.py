"""Reads for identification pages and exports, each in a fixed number of queries, by topic: methodologies, runs
(and their approval), the official list, a school's «why» page, the data a run needs."""

from .coverage import Coverage, CoverageCell, run_coverage
from .data import DataCheck, data_check, latest_result_years, result_years
from .judged import (
    Judgement,
    judgements,
    latest_approved_runs,
    not_judged,
    unjudged_counts,
    unjudged_ids,
    unjudged_on_latest_lists,
    why_summary,
)
from .methodologies import STATUS_LABELS, methodology_in_words, methodology_rules, rules_of
from .official import (
    LONG_STANDING_AFTER,
    OfficialRow,
    approved_lists_using,
    long_standing,
    long_standing_schools,
    official_data_years,
    official_list,
    official_list_of_schools,
    official_orders,
    official_pairs,
    official_years,
    reasons_for,
    school_statuses,
    years_in_status,
)
from .runs import (
    ApprovalSummary,
    Comparison,
    approval_summary,
    chance_of,
    comparable_runs,
    compare,
    criteria_of,
    included_pairs,
    open_for_approval,
    previous_approved,
    proposed_flags,
    run_rows,
    run_totals,
    superseded_runs,
)
from .why import NEAR, latest_similar_row, result_series, similar_comparisons, why_statuses

__all__ = [
    "LONG_STANDING_AFTER", "NEAR", "STATUS_LABELS", "ApprovalSummary", "Comparison", "Coverage", "CoverageCell",
    "DataCheck", "Judgement", "OfficialRow", "judgements", "latest_approved_runs", "not_judged", "unjudged_counts",
    "unjudged_ids", "unjudged_on_latest_lists", "why_summary",
    "approval_summary", "approved_lists_using", "chance_of", "comparable_runs", "compare", "criteria_of", "data_check",
    "included_pairs",
    "latest_result_years", "long_standing", "long_standing_schools", "methodology_in_words", "methodology_rules",
    "official_data_years", "official_list", "official_list_of_schools", "official_orders", "official_pairs",
    "official_years", "open_for_approval", "previous_approved", "proposed_flags", "reasons_for", "result_series",
    "result_years", "rules_of", "run_coverage", "run_rows", "run_totals", "school_statuses", "superseded_runs",
    "why_statuses", "latest_similar_row", "similar_comparisons", "years_in_status",
]

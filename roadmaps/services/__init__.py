"""Writes of roadmaps: plans and activities, the approval workflow with revisions, progress filing, risk profiles,
the catalogues.

Every rule is checked here (views and API call the same functions) and answers in Russian: who may act is asked
of `access` (PermissionDenied, 403), what a state allows of the models' properties; every change of a status is
kept in WorkflowEvent (and the audit log). One module per subdomain; callers import from `roadmaps.services`.
"""

from .catalogues import save_catalogue_item, save_risk_profile
from .plans import (
    OWNER_FIELDS,
    activity_problems,
    add_comment,
    add_evidence,
    delete_activity,
    file_progress,
    next_number,
    renumber,
    roadmap_problems,
    save_activity,
    save_roadmap,
    status_warning,
)
from .progress import measured_percent, record_linked_work, teacher_share_target
from .reports import (
    owed_problems,
    reportable_periods,
    review_report,
    save_report,
    save_report_section,
    submit_report,
    unreported_periods,
)
from .workflow import approve, open_revision, require_approver, return_for_rework, submit

__all__ = [
    "OWNER_FIELDS", "activity_problems", "add_comment", "add_evidence", "approve", "delete_activity", "file_progress",
    "measured_percent", "next_number", "open_revision", "owed_problems",
    "record_linked_work", "renumber", "reportable_periods",
    "require_approver", "return_for_rework", "review_report", "roadmap_problems", "save_activity",
    "save_catalogue_item", "save_report", "save_report_section", "save_risk_profile", "save_roadmap",
    "status_warning", "submit", "submit_report", "teacher_share_target", "unreported_periods",
]

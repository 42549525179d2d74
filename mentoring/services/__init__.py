"""Writes of the methodical work, one module per subdomain. Every function takes the actor and checks the rule of
`mentoring.access` itself (`core.services.require`: 403), then the data (a Russian message at its field:
ValidationError({field: message})), then writes in one transaction. Pages, the API and the imports call these
functions, by the names imported here."""

from .communities import add_community_meeting, save_community
from .courses import save_course
from .diagnostics import diagnostic_problems, save_diagnostic
from .events import (
    add_material,
    add_participants,
    cancel_event,
    mark_attendance,
    record_feedback,
    record_feedbacks,
    save_event,
    set_participation,
)
from .pairs import add_meeting, save_pair
from .routes import save_route, save_route_item
from .teachers import delete_assignment, save_assignment, save_rule

__all__ = [
    "add_community_meeting",
    "add_material",
    "add_meeting",
    "add_participants",
    "cancel_event",
    "delete_assignment",
    "diagnostic_problems",
    "mark_attendance",
    "record_feedback",
    "record_feedbacks",
    "save_assignment",
    "save_community",
    "save_course",
    "save_diagnostic",
    "save_event",
    "save_pair",
    "save_route",
    "save_route_item",
    "save_rule",
    "set_participation",
]

"""Methodical work with teachers, one module per subdomain: class load and thresholds (`teachers`), events, pairs,
diagnostics, development routes (ИОМ), courses (КПК) and communities. Every model is imported here: Django finds the
app's models in this package, and the rest of the code imports them from `mentoring.models`."""

from .communities import Community, CommunityMeeting
from .courses import Course, TopicArea
from .diagnostics import Competence, Diagnostic, DiagnosticInstrument, DiagnosticScore
from .events import Event, EventFormat, EventKind, EventMaterial, Participation
from .pairs import MentoringMeeting, MentoringPair
from .routes import DevelopmentRoute, RouteItem
from .teachers import YOUNG_SPECIALIST_YEARS, LowResultsRule, TeachingAssignment

__all__ = [
    "YOUNG_SPECIALIST_YEARS",
    "Community",
    "CommunityMeeting",
    "Competence",
    "Course",
    "DevelopmentRoute",
    "Diagnostic",
    "DiagnosticInstrument",
    "DiagnosticScore",
    "Event",
    "EventFormat",
    "EventKind",
    "EventMaterial",
    "LowResultsRule",
    "MentoringMeeting",
    "MentoringPair",
    "Participation",
    "RouteItem",
    "TeachingAssignment",
    "TopicArea",
]

"""Roadmaps (дорожные карты, планы-графики) of three levels, their activities, approval workflow and revisions,
risk factors and school risk profiles, and periodic progress reports. One module per subdomain; other code imports
from `roadmaps.models`."""

from .activities import Activity, Comment, Direction, Evidence
from .plans import Level, ReportPeriod, ReviewStates, Roadmap, RoadmapRevision, WorkflowEvent
from .reports import DigestLog, ProgressReport
from .risks import RiskFactor, RiskLevel, RiskProfile, RiskProfileItem

__all__ = ["Activity", "Comment", "DigestLog", "Direction", "Evidence", "Level", "ProgressReport", "ReportPeriod",
           "ReviewStates", "RiskFactor", "RiskLevel", "RiskProfile", "RiskProfileItem", "Roadmap", "RoadmapRevision",
           "WorkflowEvent"]

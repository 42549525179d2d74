"""Criterion kinds: code that evaluates one rule for all schools of a run at once (set-wise).

A methodology stores which kinds it uses and with what parameters; the kinds themselves live here.
"""

from .base import KINDS, CriterionKind, EvidenceView, Outcome, Param, RunContext, get_kind, validate_params
from .bottom_distribution import BottomDistribution
from .failing_estimate import FailingEstimate
from .failing_share import FailingShare
from .objectivity import ObjectivitySignal
from .score_estimate import ScoreEstimate
from .similar_schools import SimilarSchools
from .social_disadvantage import SocialDisadvantage
from .social_index import SocialIndex
from .task_pattern import TaskPatternSignal
from .unconfirmed_high import UnconfirmedHigh

for _kind in (FailingShare, BottomDistribution, ObjectivitySignal, SocialIndex, SocialDisadvantage, FailingEstimate,
              ScoreEstimate, SimilarSchools, UnconfirmedHigh, TaskPatternSignal):
    KINDS[_kind.code] = _kind()

__all__ = ["KINDS", "CriterionKind", "EvidenceView", "Outcome", "Param", "RunContext", "get_kind", "validate_params"]

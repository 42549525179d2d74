"""API of the methodical work: the same scoping as the pages (`mentoring.access`), writes through the same services.

References to other objects (teachers, schools, agreements, …) are looked up among those the user may choose, so a
foreign object is «not found» (400), never revealed; the services check the rules again (403) and the data (400 with
the field's Russian message). `config/api_urls.py` registers the viewsets imported here.
"""

from .communities import CommunityViewSet
from .courses import CourseViewSet
from .diagnostics import DiagnosticViewSet
from .events import EventViewSet, ParticipationViewSet
from .pairs import PairViewSet
from .routes import RouteViewSet
from .teachers import AssignmentViewSet

__all__ = ["AssignmentViewSet", "CommunityViewSet", "CourseViewSet", "DiagnosticViewSet", "EventViewSet",
           "PairViewSet", "ParticipationViewSet", "RouteViewSet"]

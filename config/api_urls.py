"""API v1: plural kebab-case resources; each app contributes its viewsets here."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from accounts.api import ObtainTokenView
from identification.api import MethodologyViewSet, RunViewSet, StatusViewSet
from mentoring.api import (
    AssignmentViewSet,
    CommunityViewSet,
    CourseViewSet,
    DiagnosticViewSet,
    EventViewSet,
    PairViewSet,
    ParticipationViewSet,
    RouteViewSet,
)
from monitoring.api import (
    EffectivenessViewSet,
    IndicatorViewSet,
    RecommendationViewSet,
    TargetViewSet,
    ValueViewSet,
)
from partnerships.api import AgreementViewSet, DesignationViewSet
from roadmaps.api import ActivityViewSet, RiskFactorViewSet, RiskProfileViewSet, RoadmapViewSet
from schools.api.views import (
    AssessmentResultViewSet,
    MunicipalityViewSet,
    SchoolViewSet,
    SchoolYearDataViewSet,
    TeacherViewSet,
)

router = DefaultRouter()
router.register("municipalities", MunicipalityViewSet, basename="municipality")
router.register("schools", SchoolViewSet, basename="school")
router.register("yearly-data", SchoolYearDataViewSet, basename="yearly-data")
router.register("teachers", TeacherViewSet, basename="teacher")
router.register("assessment-results", AssessmentResultViewSet, basename="assessment-result")
router.register("methodologies", MethodologyViewSet, basename="methodology")
router.register("identification-runs", RunViewSet, basename="identification-run")
router.register("statuses", StatusViewSet, basename="status")
router.register("designations", DesignationViewSet, basename="designation")
router.register("agreements", AgreementViewSet, basename="agreement")
router.register("roadmaps", RoadmapViewSet, basename="roadmap")
router.register("activities", ActivityViewSet, basename="activity")
router.register("risk-factors", RiskFactorViewSet, basename="risk-factor")
router.register("risk-profiles", RiskProfileViewSet, basename="risk-profile")
router.register("events", EventViewSet, basename="event")
router.register("participations", ParticipationViewSet, basename="participation")
router.register("mentoring-pairs", PairViewSet, basename="mentoring-pair")
router.register("teaching-assignments", AssignmentViewSet, basename="teaching-assignment")
router.register("diagnostics", DiagnosticViewSet, basename="diagnostic")
router.register("development-routes", RouteViewSet, basename="development-route")
router.register("courses", CourseViewSet, basename="course")
router.register("communities", CommunityViewSet, basename="community")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("indicator-values", ValueViewSet, basename="indicator-value")
router.register("indicator-targets", TargetViewSet, basename="indicator-target")
router.register("effectiveness", EffectivenessViewSet, basename="effectiveness")
router.register("recommendations", RecommendationViewSet, basename="recommendation")

urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="token"),
    *router.urls,
]

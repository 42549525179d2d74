"""API v1: plural kebab-case resources; each app contributes its viewsets here."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from accounts.api import ObtainTokenView
from schools.api.views import MunicipalityViewSet, SchoolViewSet, SchoolYearDataViewSet, TeacherViewSet

router = DefaultRouter()
router.register("municipalities", MunicipalityViewSet, basename="municipality")
router.register("schools", SchoolViewSet, basename="school")
router.register("yearly-data", SchoolYearDataViewSet, basename="yearly-data")
router.register("teachers", TeacherViewSet, basename="teacher")

urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="token"),
    *router.urls,
]

"""API v1 router: each app contributes its viewsets here (plural kebab-case resources)."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()

urlpatterns = router.urls

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from core.home import home

from . import views

urlpatterns = [
    path("", home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("users/", include("accounts.urls")),
    path("schools/", include("schools.urls")),
    path("imports/", include("core.imports.urls")),
    path("identification/", include("identification.urls")),
    path("partnerships/", include("partnerships.urls")),
    path("roadmaps/", include("roadmaps.urls")),
    path("mentoring/", include("mentoring.urls")),
    path("monitoring/reports/", include("monitoring.reports.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("api/v1/", include(("config.api_urls", "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # the split view serves Swagger UI's start-up script as a file: the page runs under a CSP without inline scripts
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
]

# Error pages in Russian in the portal's layout (with DEBUG on, core.middleware.ErrorPagesMiddleware shows them)
handler400 = "core.errors.bad_request"
handler403 = "core.errors.forbidden"
handler404 = "core.errors.not_found"
handler500 = "core.errors.server_error"

admin.site.site_header = "Портал ШНОР/ШССУ — администрирование"
admin.site.site_title = "Портал ШНОР/ШССУ"

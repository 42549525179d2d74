from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("schools/<int:pk>/", views.school_dashboard, name="school_dashboard"),
    path("effect/", views.effect, name="effect"),
    path("compute/", views.compute_start, name="compute_start"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("runs/<int:pk>/status/", views.run_status, name="run_status"),
    path("runs/<int:pk>/restart/", views.run_restart, name="run_restart"),
    path("indicators/", views.indicator_list, name="indicator_list"),
    path("indicators/new/", views.indicator_new, name="indicator_new"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("recommendations/", views.recommendation_list, name="recommendation_list"),
    path("recommendations/generate/", views.recommendation_generate, name="recommendation_generate"),
    path("recommendations/new/", views.recommendation_new, name="recommendation_new"),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="recommendation_detail"),
]

from django.urls import path

from . import views

app_name = "imports"

# imports (two phases: upload → preview → apply), see core/imports/
urlpatterns = [
    path("", views.import_start, name="start"),
    path("template/<slug:kind>.<str:fmt>", views.import_template, name="template"),
    path("<int:pk>/", views.import_detail, name="detail"),
    path("<int:pk>/status/", views.import_status, name="status"),
    path("<int:pk>/apply/", views.import_apply, name="apply"),
    path("<int:pk>/mapping/", views.import_mapping, name="mapping"),
    path("<int:pk>/answer/", views.import_answer, name="answer"),
    path("<int:pk>/restart/", views.import_restart, name="restart"),
]

from django.urls import path

from .views import methodologies, official, runs

app_name = "identification"

urlpatterns = [
    path("", runs.run_list, name="run_list"),
    path("runs/new/", runs.run_create, name="run_create"),
    path("runs/<int:pk>/", runs.run_detail, name="run_detail"),
    path("runs/<int:pk>/status/", runs.run_status, name="run_status"),
    path("runs/<int:pk>/restart/", runs.run_restart, name="run_restart"),
    path("runs/<int:pk>/approve/", runs.approve, name="approve"),
    path("runs/<int:pk>/schools/<int:school_pk>/", runs.why, name="why"),
    path("list/", official.official_list, name="official_list"),
    path("list/<int:year>/", official.official_list, name="official_list_year"),
    path("list/<int:year>/export.xlsx", official.official_list_xlsx, name="official_list_xlsx"),
    path("list/<int:year>/export.pdf", official.official_list_pdf, name="official_list_pdf"),
    path("methodologies/", methodologies.methodology_list, name="methodology_list"),
    path("methodologies/<int:pk>/", methodologies.methodology_detail, name="methodology_detail"),
    path("methodologies/<int:pk>/new-version/", methodologies.methodology_new_version,
         name="methodology_new_version"),
]

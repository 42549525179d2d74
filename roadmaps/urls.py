from django.urls import path

from .views import activities, catalogues, files, profiles, reports, roadmaps

app_name = "roadmaps"

urlpatterns = [
    path("", roadmaps.overview, name="overview"),
    path("new/", roadmaps.roadmap_edit, name="roadmap_create"),
    path("<int:pk>/", roadmaps.roadmap_detail, name="roadmap_detail"),
    path("<int:pk>/timeline/", roadmaps.roadmap_gantt, name="roadmap_gantt"),
    path("<int:pk>/edit/", roadmaps.roadmap_edit, name="roadmap_edit"),
    path("<int:pk>/submit/", roadmaps.roadmap_submit, name="roadmap_submit"),
    path("<int:pk>/return/", roadmaps.roadmap_return, name="roadmap_return"),
    path("<int:pk>/approve/", roadmaps.roadmap_approve, name="roadmap_approve"),
    path("<int:pk>/revise/", roadmaps.roadmap_revise, name="roadmap_revise"),
    path("<int:pk>/revisions/<int:number>/", roadmaps.revision_detail, name="revision_detail"),
    path("<int:pk>/export.xlsx", files.roadmap_xlsx, name="roadmap_xlsx"),
    path("<int:pk>/export.pdf", files.roadmap_pdf, name="roadmap_pdf"),
    path("<int:pk>/import/", files.roadmap_import, name="roadmap_import"),
    path("<int:roadmap_pk>/activities/new/", activities.activity_edit, name="activity_create"),
    path("activities/<int:pk>/", activities.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", activities.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/delete/", activities.activity_delete, name="activity_delete"),
    path("activities/<int:pk>/comment/", activities.activity_comment, name="activity_comment"),
    path("evidence/<int:pk>/", activities.evidence_download, name="evidence_download"),
    path("<int:roadmap_pk>/reports/", reports.report_save, name="report_save"),
    path("reports/<int:pk>/", reports.report_detail, name="report_detail"),
    path("reports/<int:pk>/submit/", reports.report_submit, name="report_submit"),
    path("reports/<int:pk>/sections/<slug:key>/", reports.report_section_save, name="report_section_save"),
    path("reports/<int:pk>/review/", reports.report_review, name="report_review"),
    path("risk-profile/<int:school_pk>/<int:year>/", profiles.risk_profile, name="risk_profile"),
    path("catalogues/<slug:kind>/", catalogues.catalogue_list, name="catalogue_list"),
    path("catalogues/<slug:kind>/new/", catalogues.catalogue_edit, name="catalogue_create"),
    path("catalogues/<slug:kind>/<int:pk>/", catalogues.catalogue_edit, name="catalogue_edit"),
]

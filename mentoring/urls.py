from django.urls import path

from . import views

app_name = "mentoring"

urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("events/new/", views.event_edit, name="event_create"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("events/<int:pk>/attendance/", views.event_attendance, name="event_attendance"),
    path("events/<int:pk>/feedback/<int:participation_pk>/", views.event_feedback, name="event_feedback"),
    path("events/<int:pk>/materials/", views.event_material, name="event_material"),
    path("events/<int:pk>/materials/<int:material_pk>/", views.event_material_file, name="event_material_file"),
    path("events/<int:pk>/cancel/", views.event_cancel, name="event_cancel"),
    path("events/<int:pk>/participants/import/", views.event_participants_import, name="event_participants_import"),
    path("pairs/", views.pair_list, name="pair_list"),
    path("pairs/new/", views.pair_edit, name="pair_create"),
    path("pairs/<int:pk>/", views.pair_detail, name="pair_detail"),
    path("pairs/<int:pk>/edit/", views.pair_edit, name="pair_edit"),
    path("teachers/<int:pk>/", views.teacher_detail, name="teacher_detail"),
    path("teachers/<int:pk>/diagnostics/new/", views.diagnostic_new, name="diagnostic_new"),
    path("teachers/<int:pk>/courses/new/", views.course_edit, name="course_create"),
    path("teachers/<int:pk>/courses/<int:course_pk>/", views.course_edit, name="course_edit"),
    path("teachers/<int:pk>/courses/<int:course_pk>/certificate/", views.course_certificate,
         name="course_certificate"),
    path("teachers/<int:pk>/routes/new/", views.route_edit, name="route_create"),
    path("teachers/<int:pk>/routes/<int:route_pk>/", views.route_edit, name="route_edit"),
    path("teachers/<int:pk>/routes/<int:route_pk>/items/new/", views.route_item_edit, name="route_item_create"),
    path("teachers/<int:pk>/routes/<int:route_pk>/items/<int:item_pk>/", views.route_item_edit,
         name="route_item_edit"),
    path("teachers/<int:pk>/load/", views.assignment_add, name="assignment_add"),
    path("teachers/<int:pk>/load/<int:assignment_pk>/delete/", views.assignment_delete, name="assignment_delete"),
    path("low-results/", views.low_results, name="low_results"),
    path("coverage/", views.coverage, name="coverage"),
    path("coverage/export.xlsx", views.coverage_export, name="coverage_export"),
    path("communities/", views.community_list, name="community_list"),
    path("communities/new/", views.community_edit, name="community_create"),
    path("communities/<int:pk>/", views.community_detail, name="community_detail"),
    path("communities/<int:pk>/edit/", views.community_edit, name="community_edit"),
]

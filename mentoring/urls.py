from django.urls import path

from .views import communities, courses, coverage, diagnostics, events, pairs, routes, teachers

app_name = "mentoring"

urlpatterns = [
    path("", events.calendar, name="calendar"),
    path("events/new/", events.event_edit, name="event_create"),
    path("events/<int:pk>/", events.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", events.event_edit, name="event_edit"),
    path("events/<int:pk>/attendance/", events.event_attendance, name="event_attendance"),
    path("events/<int:pk>/feedback/", events.event_feedback, name="event_feedback"),
    path("events/<int:pk>/materials/", events.event_material, name="event_material"),
    path("events/<int:pk>/materials/<int:material_pk>/", events.event_material_file, name="event_material_file"),
    path("events/<int:pk>/cancel/", events.event_cancel, name="event_cancel"),
    path("events/<int:pk>/participants/import/", events.event_participants_import, name="event_participants_import"),
    path("pairs/", pairs.pair_list, name="pair_list"),
    path("pairs/new/", pairs.pair_edit, name="pair_create"),
    path("pairs/<int:pk>/", pairs.pair_detail, name="pair_detail"),
    path("pairs/<int:pk>/edit/", pairs.pair_edit, name="pair_edit"),
    path("teachers/<int:pk>/", teachers.teacher_detail, name="teacher_detail"),
    path("teachers/<int:pk>/diagnostics/new/", diagnostics.diagnostic_new, name="diagnostic_new"),
    path("teachers/<int:pk>/courses/new/", courses.course_edit, name="course_create"),
    path("teachers/<int:pk>/courses/<int:course_pk>/", courses.course_edit, name="course_edit"),
    path("teachers/<int:pk>/courses/<int:course_pk>/certificate/", courses.course_certificate,
         name="course_certificate"),
    path("teachers/<int:pk>/routes/new/", routes.route_edit, name="route_create"),
    path("teachers/<int:pk>/routes/<int:route_pk>/", routes.route_edit, name="route_edit"),
    path("teachers/<int:pk>/routes/<int:route_pk>/items/new/", routes.route_item_edit, name="route_item_create"),
    path("teachers/<int:pk>/routes/<int:route_pk>/items/<int:item_pk>/", routes.route_item_edit,
         name="route_item_edit"),
    path("teachers/<int:pk>/load/", teachers.assignment_add, name="assignment_add"),
    path("teachers/<int:pk>/load/<int:assignment_pk>/delete/", teachers.assignment_delete, name="assignment_delete"),
    path("low-results/", teachers.low_results, name="low_results"),
    path("coverage/", coverage.coverage, name="coverage"),
    path("coverage/export.xlsx", coverage.coverage_export, name="coverage_export"),
    path("communities/", communities.community_list, name="community_list"),
    path("communities/new/", communities.community_edit, name="community_create"),
    path("communities/<int:pk>/", communities.community_detail, name="community_detail"),
    path("communities/<int:pk>/edit/", communities.community_edit, name="community_edit"),
]

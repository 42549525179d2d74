from django.urls import path

from .views import reference, registry

app_name = "schools"

urlpatterns = [
    path("", registry.school_list, name="school_list"),
    path("export.xlsx", registry.school_list_export, name="school_list_export"),
    path("new/", registry.school_create, name="school_create"),
    path("<int:pk>/", registry.school_detail, name="school_detail"),
    path("<int:pk>/edit/", registry.school_edit, name="school_edit"),
    path("<int:pk>/yearly/new/", registry.yearly_data_edit, name="yearly_data_create"),
    path("<int:pk>/yearly/<int:year>/", registry.yearly_data_edit, name="yearly_data_edit"),
    path("<int:pk>/teachers/new/", registry.teacher_create, name="teacher_create"),
    path("teachers/<int:pk>/edit/", registry.teacher_edit, name="teacher_edit"),
    path("<int:pk>/teachers/export.xlsx", registry.teacher_export, name="teacher_export"),
    path("municipalities/", registry.municipality_list, name="municipality_list"),
    path("municipalities/export.xlsx", registry.municipality_list_export, name="municipality_list_export"),
    path("municipalities/<int:pk>/", registry.municipality_detail, name="municipality_detail"),
    path("yearly/export.xlsx", registry.yearly_data_export, name="yearly_data_export"),
    path("grading-scales/", reference.grading_scale_list, name="grading_scales"),
    path("grading-scales/new/", reference.grading_scale_edit, name="grading_scale_create"),
    path("grading-scales/<int:pk>/", reference.grading_scale_edit, name="grading_scale_edit"),
]

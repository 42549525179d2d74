from django.urls import path

from . import views

app_name = "partnerships"

urlpatterns = [
    path("", views.designation_list, name="designation_list"),
    path("export.xlsx", views.designation_export, name="designation_export"),
    path("designations/new/", views.designation_edit, name="designation_create"),
    path("designations/<int:pk>/", views.designation_detail, name="designation_detail"),
    path("designations/<int:pk>/edit/", views.designation_edit, name="designation_edit"),
    path("designations/<int:pk>/terminate/", views.designation_terminate, name="designation_terminate"),
    path("designations/<int:pk>/order.pdf", views.designation_document, name="designation_document"),
    path("agreements/", views.agreement_list, name="agreement_list"),
    path("agreements/export.xlsx", views.agreement_export, name="agreement_export"),
    path("agreements/new/", views.agreement_edit, name="agreement_create"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("agreements/<int:pk>/edit/", views.agreement_edit, name="agreement_edit"),
    path("agreements/<int:pk>/document.pdf", views.agreement_document, name="agreement_document"),
    path("agreements/<int:pk>/activate/", views.agreement_activate, name="agreement_activate"),
    path("agreements/<int:pk>/terminate/", views.agreement_terminate, name="agreement_terminate"),
    path("network/", views.network, name="network"),
    path("coverage/", views.coverage, name="coverage"),
]

from django.contrib import admin

from .models import Agreement, Designation, DesignationKind


@admin.register(DesignationKind)
class DesignationKindAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "short_name", "ordering"]


@admin.register(Designation)
class DesignationAdmin(admin.ModelAdmin):
    list_display = ["school", "kind", "start", "end", "order_number", "state"]
    list_filter = ["kind", "state", "school__municipality"]
    search_fields = ["school__short_name", "school__code", "topic", "order_number"]
    list_select_related = ["school", "kind"]
    raw_id_fields = ["school", "head"]


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["number", "signed_on", "designation", "supported_school", "start", "end", "state"]
    list_filter = ["state", "designation__kind"]
    search_fields = ["number", "supported_school__short_name", "designation__school__short_name"]
    list_select_related = ["designation__school", "designation__kind", "supported_school"]
    raw_id_fields = ["designation", "supported_school"]

from django.contrib import admin

from .models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["original_name", "kind", "state", "requested_by", "created_at", "total_rows"]
    list_filter = ["kind", "state"]
    search_fields = ["original_name", "requested_by__email"]
    list_select_related = ["requested_by"]
    readonly_fields = ["created_at", "updated_at", "started_at", "finished_at", "heartbeat_at", "summary", "errors",
                       "preview"]

from django.contrib import admin

from .models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["original_name", "kind", "status", "created_by", "created_at", "total_rows"]
    list_filter = ["kind", "status"]
    search_fields = ["original_name", "created_by__email"]
    list_select_related = ["created_by"]
    readonly_fields = ["created_at", "updated_at", "finished_at", "summary", "errors", "preview"]

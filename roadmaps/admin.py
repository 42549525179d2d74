from django.contrib import admin

from .models import (
    Activity,
    Comment,
    Direction,
    Evidence,
    ProgressReport,
    RiskFactor,
    RiskProfile,
    RiskProfileItem,
    Roadmap,
    RoadmapRevision,
    WorkflowEvent,
)


@admin.register(Direction, RiskFactor)
class CatalogueAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "ordering", "is_active"]
    list_editable = ["ordering", "is_active"]


class ActivityInline(admin.TabularInline):
    model = Activity
    fields = ["number", "title", "direction", "start", "due", "status", "percent"]
    extra = 0


@admin.register(Roadmap)
class RoadmapAdmin(admin.ModelAdmin):
    list_display = ["title", "level", "municipality", "school", "school_year", "status", "revision"]
    list_filter = ["level", "status", "school_year"]
    search_fields = ["title", "school__short_name", "school__code"]
    raw_id_fields = ["school", "designation", "approved_by", "created_by"]
    inlines = [ActivityInline]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "roadmap", "due", "status", "percent"]
    list_filter = ["status", "direction"]
    search_fields = ["title"]
    raw_id_fields = ["roadmap", "responsible_user"]


class RiskItemInline(admin.TabularInline):
    model = RiskProfileItem
    extra = 0


@admin.register(RiskProfile)
class RiskProfileAdmin(admin.ModelAdmin):
    list_display = ["school", "school_year", "updated_at"]
    raw_id_fields = ["school"]
    inlines = [RiskItemInline]


admin.site.register([RoadmapRevision, WorkflowEvent, Evidence, Comment, ProgressReport])

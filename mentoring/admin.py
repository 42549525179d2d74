from django.contrib import admin
from django.db import models

from .models import (
    Community,
    CommunityMeeting,
    Competence,
    Course,
    DevelopmentRoute,
    Diagnostic,
    DiagnosticInstrument,
    DiagnosticScore,
    Event,
    EventKind,
    EventMaterial,
    LowResultsRule,
    MentoringMeeting,
    MentoringPair,
    Participation,
    RouteItem,
    TeachingAssignment,
)


@admin.register(EventKind)
class EventKindAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "ordering", "is_active")


class ParticipationInline(admin.TabularInline):
    model = Participation
    raw_id_fields = ("teacher", "feedback_by")
    extra = 0


class MaterialInline(admin.TabularInline):
    model = EventMaterial
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # as the page's form (Django 6's default)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("date", "kind", "topic", "municipality", "status")
    list_filter = ("kind", "status", "municipality")
    search_fields = ("topic",)
    raw_id_fields = ("designation", "agreement", "activity", "created_by")
    filter_horizontal = ("target_schools",)
    inlines = [ParticipationInline, MaterialInline]


class MeetingInline(admin.TabularInline):
    model = MentoringMeeting
    extra = 0


@admin.register(MentoringPair)
class MentoringPairAdmin(admin.ModelAdmin):
    list_display = ("mentor", "mentee", "role", "form", "start", "end", "status")
    list_filter = ("role", "form", "status")
    raw_id_fields = ("mentor", "mentee", "agreement", "created_by")
    inlines = [MeetingInline]


class CompetenceInline(admin.TabularInline):
    model = Competence
    extra = 0


@admin.register(DiagnosticInstrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ("name", "scale_min", "scale_max", "deficit_below", "is_active")
    inlines = [CompetenceInline]


class ScoreInline(admin.TabularInline):
    model = DiagnosticScore
    extra = 0


@admin.register(Diagnostic)
class DiagnosticAdmin(admin.ModelAdmin):
    list_display = ("teacher", "instrument", "date")
    raw_id_fields = ("teacher", "created_by")
    inlines = [ScoreInline]


class RouteItemInline(admin.TabularInline):
    model = RouteItem
    raw_id_fields = ("event", "course", "pair")
    extra = 0


@admin.register(DevelopmentRoute)
class RouteAdmin(admin.ModelAdmin):
    list_display = ("teacher", "start", "end")
    raw_id_fields = ("teacher", "created_by")
    inlines = [RouteItemInline]


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("teacher", "title", "provider", "hours", "start", "end", "topic_area", "completed")
    list_filter = ("topic_area", "completed")
    raw_id_fields = ("teacher", "created_by")


class CommunityMeetingInline(admin.TabularInline):
    model = CommunityMeeting
    extra = 0


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "municipality", "subject")
    raw_id_fields = ("leader", "members")
    inlines = [CommunityMeetingInline]


@admin.register(TeachingAssignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("teacher", "school_year", "class_name", "subject")
    raw_id_fields = ("teacher",)


@admin.register(LowResultsRule)
class RuleAdmin(admin.ModelAdmin):
    list_display = ("municipality", "failing_share", "mean_mark", "min_students")

from django.contrib import admin
from django.db import models

from .models import ClassResult, Municipality, Region, School, SchoolYear, SchoolYearData, TaskResult, Teacher


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "region"]
    list_filter = ["region"]
    search_fields = ["name", "code"]
    list_select_related = ["region"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["short_name", "code", "municipality", "kind", "location", "is_active"]
    list_filter = ["municipality__region", "municipality", "kind", "location", "is_active"]
    search_fields = ["short_name", "full_name", "code", "inn", "director_name"]
    list_select_related = ["municipality"]
    readonly_fields = ["created_at", "updated_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # «school1.ru» is https (Django 6's default)


@admin.register(SchoolYear)
class SchoolYearAdmin(admin.ModelAdmin):
    list_display = ["name", "start_year"]


@admin.register(SchoolYearData)
class SchoolYearDataAdmin(admin.ModelAdmin):
    list_display = ["school", "school_year", "students", "teachers", "vacancies"]
    list_filter = ["school_year", "school__municipality"]
    search_fields = ["school__short_name", "school__code"]
    list_select_related = ["school", "school_year"]
    raw_id_fields = ["school"]


@admin.register(Teacher)
class TeacherAdmin(admin.ModelAdmin):
    list_display = ["full_name", "school", "position", "subjects", "qualification_category", "is_active"]
    list_filter = ["qualification_category", "is_active", "school__municipality"]
    search_fields = ["full_name", "subjects", "school__short_name", "school__code"]
    list_select_related = ["school"]
    raw_id_fields = ["school"]


@admin.register(ClassResult)
class ClassResultAdmin(admin.ModelAdmin):
    list_display = ("school", "school_year", "procedure", "subject", "class_name", "participants", "mark2")
    list_filter = ("procedure", "school_year", "subject")
    search_fields = ("school__short_name", "school__code", "class_name")
    raw_id_fields = ("school",)


@admin.register(TaskResult)
class TaskResultAdmin(admin.ModelAdmin):
    list_display = ("school", "school_year", "subject", "grade", "task", "level", "max_points", "points",
                    "participants")
    list_filter = ("school_year", "subject", "grade", "level")
    search_fields = ("school__short_name", "school__code")
    raw_id_fields = ("school",)

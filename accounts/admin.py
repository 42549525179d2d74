from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from .models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    raw_id_fields = ["school", "granted_by", "confirmed_by"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "last_name", "first_name", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "is_superuser", "memberships__role"]
    search_fields = ["email", "last_name", "first_name"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Личные данные"), {"fields": ("last_name", "first_name", "patronymic", "position")}),
        (_("Права"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Даты"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "municipality", "school"]
    list_filter = ["role", "municipality"]
    search_fields = ["user__email", "user__last_name", "school__short_name"]
    list_select_related = ["user", "municipality", "school"]
    raw_id_fields = ["user", "school"]


def admin_login(request, extra_context=None):
    """The admin signs in through the portal's own sign-in, so one lockout (ACCOUNT_RATE_LIMITS, counted in the
    shared cache) guards every way in; Django's admin form has none. A user signed in without admin rights is
    refused here: the portal's sign-in would only send them back."""
    next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
    if admin.site.has_permission(request):  # already in: on to the admin, as Django's own view does
        return redirect(next_url if url_has_allowed_host_and_scheme(next_url, {request.get_host()})
                        else reverse("admin:index"))
    if request.user.is_authenticated:
        raise PermissionDenied(_("Администрирование доступно только администраторам портала."))
    return redirect_to_login(next_url, login_url=reverse("account_login"))


admin.site.login = admin_login

"""User management for methodologists and department heads (their municipality) and administrators (everything).

The rules are in accounts.access (who manages whom, which roles may be given where); the services in
accounts.services check them on every write, the pages only look up (foreign user → 404) and show."""

from allauth.account.forms import ResetPasswordForm
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.forms import copy_errors

from . import access as scoping
from . import services, tokens
from .forms import ScopedRoleForm, UserCreateForm, UserProfileForm
from .models import Membership, Role, RoleRequest


def _require_manager(user):
    scoping.require(scoping.can_manage_users(user))


def _role_form_kwargs(user):
    return {
        "roles": scoping.assignable_roles(user),
        "municipalities": scoping.grantable_municipalities(user),
        "schools": scoping.grantable_schools(user),
    }


def _managed_user_or_404(request, pk):
    return get_object_or_404(scoping.manageable_users(request.user), pk=pk)


def _send_password_link(request, email):
    """allauth's own reset flow doubles as the invitation: the new user sets a password by the link."""
    form = ResetPasswordForm(data={"email": email})
    if form.is_valid():
        form.save(request)


@login_required
@require_safe
def user_list(request):
    _require_manager(request.user)
    qs = scoping.manageable_users(request.user).prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("municipality", "school"))
    ).order_by("last_name", "first_name", "email")
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(email__icontains=q) | Q(last_name__icontains=q) | Q(first_name__icontains=q))
    role = request.GET.get("role")
    if role in Role.values:
        qs = qs.filter(memberships__role=role).distinct()
    active = request.GET.get("active")
    if active in ("1", "0"):
        qs = qs.filter(is_active=active == "1")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {
        "page_obj": page, "users": page.object_list, "roles": Role.choices, "q": q,
        "role": role, "active": active,
    })


@login_required
@require_http_methods(["GET", "POST"])
def user_create(request):
    _require_manager(request.user)
    form = UserCreateForm(request.POST or None, **_role_form_kwargs(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.create_user(
                actor=request.user, email=data["email"], role=data["role"], municipality=data["municipality"],
                school=data["school"], last_name=data["last_name"], first_name=data["first_name"],
                patronymic=data["patronymic"], position=data["position"])
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            _send_password_link(request, user.email)
            messages.success(request, _("Пользователь %(email)s создан. На его почту отправлена ссылка для "
                                        "установки пароля.") % {"email": user.email})
            if user.role_requests.filter(state=RoleRequest.State.PENDING).exists():
                messages.info(request, PENDING_NOTICE)
            return redirect("accounts:user_edit", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request, pk):
    _require_manager(request.user)
    target = _managed_user_or_404(request, pk)
    form = UserProfileForm(request.POST or None, instance=target)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(actor=request.user, user=target,
                                    data={f: form.cleaned_data[f] for f in form.changed_data})
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            messages.success(request, _("Изменения сохранены."))
            return redirect("accounts:user_edit", pk=target.pk)
    memberships = target.memberships.select_related("municipality", "school", "granted_by", "confirmed_by")
    manageable = scoping.manageable_memberships(request.user).filter(user=target)
    requests = target.role_requests.filter(state=RoleRequest.State.PENDING).select_related(
        "municipality", "requested_by")
    return render(request, "accounts/user_edit.html", {
        "requests": requests,
        "confirmable_ids": set(scoping.confirmable_requests(request.user).filter(user=target)
                               .values_list("pk", flat=True)),
        "target": target, "form": form, "memberships": memberships,
        "role_form": ScopedRoleForm(**_role_form_kwargs(request.user)),
        "manageable_ids": set(manageable.values_list("pk", flat=True)),
        "can_change": scoping.can_manage_user(request.user, target),
    })


@login_required
@require_POST
def user_toggle_active(request, pk):
    _require_manager(request.user)
    target = _managed_user_or_404(request, pk)
    try:
        services.set_active(actor=request.user, user=target, active=not target.is_active)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Учётная запись включена.") if target.is_active
                         else _("Учётная запись отключена: пользователь больше не сможет войти."))
    return redirect("accounts:user_edit", pk=target.pk)


@login_required
@require_POST
def membership_add(request, pk):
    _require_manager(request.user)
    target = _managed_user_or_404(request, pk)
    form = ScopedRoleForm(request.POST, **_role_form_kwargs(request.user))
    if form.is_valid():
        data = form.cleaned_data
        try:
            granted = services.grant_membership(actor=request.user, user=target, role=data["role"],
                                                municipality=data["municipality"], school=data["school"])
        except ValidationError as exc:
            copy_errors(form, exc)
    if form.errors:
        errors = [str(e) for errs in form.errors.values() for e in errs]
        messages.error(request, _("Роль не добавлена: %(errors)s") % {"errors": " ".join(errors)})
    elif isinstance(granted, RoleRequest):
        messages.info(request, PENDING_NOTICE)
    else:
        messages.success(request, _("Роль добавлена."))
    return redirect("accounts:user_edit", pk=target.pk)


@login_required
@require_POST
def membership_delete(request, pk):
    _require_manager(request.user)
    # a role of a user the manager does not manage is 404; a role of theirs outside the manager's
    # municipalities is refused by the service (403)
    membership = get_object_or_404(
        Membership.objects.select_related("user").filter(user__in=scoping.manageable_users(request.user)), pk=pk)
    try:
        services.revoke_membership(actor=request.user, membership=membership)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Роль снята."))
    return redirect("accounts:user_edit", pk=membership.user_id)


# ---- roles that wait for a second person («four eyes», accounts/access.py) ----------------------------------

PENDING_NOTICE = _("Роль методиста или руководителя управления, выданная не администратором, вступит в силу, когда её "
                   "подтвердит администратор или руководитель управления образования (не тот, кто её выдал).")


@login_required
@require_safe
def role_requests(request):
    """The roles this user may confirm or decline."""
    pending = scoping.confirmable_requests(request.user).order_by("created_at")
    if not pending.exists() and not scoping.can_manage_users(request.user):
        raise PermissionDenied
    return render(request, "accounts/role_requests.html", {"requests": pending})


@login_required
@require_POST
def role_request_decide(request, pk, decision):
    role_request = get_object_or_404(scoping.confirmable_requests(request.user), pk=pk)
    if decision == "confirm":
        services.confirm_role_request(actor=request.user, request=role_request)
        messages.success(request, _("Роль подтверждена: %(role)s.") % {"role": role_request.get_role_display()})
    else:
        services.decline_role_request(actor=request.user, request=role_request)
        messages.success(request, _("Запрос роли отклонён."))
    if scoping.manageable_users(request.user).filter(pk=role_request.user_id).exists():
        return redirect("accounts:user_edit", pk=role_request.user_id)
    return redirect("accounts:role_requests")


# ---- the user's own API tokens ---------------------------------------------------------------------------------

@login_required
@require_safe
def api_tokens(request):
    """«Мои токены API»: the signed-in user's working tokens (their first characters, when issued, until when)."""
    return render(request, "accounts/api_tokens.html", {"tokens": list(tokens.user_tokens(request.user))})


@login_required
@require_POST
def api_token_revoke(request, key):
    tokens.revoke_token(actor=request.user, token_key=key)
    messages.success(request, _("Токен отозван: программы, которые им пользовались, больше не получат доступ."))
    return redirect("accounts:api_tokens")


@login_required
@require_POST
def api_tokens_revoke_all(request):
    count = tokens.revoke_all(user=request.user)
    messages.success(request, _("Отозвано токенов: %(n)s.") % {"n": count})
    return redirect("accounts:api_tokens")

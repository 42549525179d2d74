"""Pages of partnerships: designations, agreements, the municipal network and the coverage table."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import scoping
from core.exports import xlsx_response
from core.formats import ru_date
from core.forms import copy_errors
from identification.models import SchoolStatus

from . import access, services
from .forms import AgreementForm, DesignationForm, TerminateAgreementForm, TerminateDesignationForm
from .models import Agreement, Designation, DesignationKind
from .network import network_svg


def _filtered_designations(request):
    qs = access.visible_designations(request.user).annotate(
        active_agreements=Count("agreements", filter=Q(agreements__state=Agreement.State.ACTIVE)))
    kind, state = request.GET.get("kind", ""), request.GET.get("state", "")
    if kind:
        qs = qs.filter(kind__code=kind)
    if state in Designation.State.values:
        qs = qs.filter(state=state)
    return qs.order_by("kind__ordering", "school__short_name")


@login_required
def designation_list(request):
    page = Paginator(_filtered_designations(request), 50).get_page(request.GET.get("page"))
    return render(request, "partnerships/designation_list.html", {
        "page_obj": page, "designations": page.object_list, "kinds": DesignationKind.objects.all(),
        "states": Designation.State.choices, "kind": request.GET.get("kind", ""),
        "state": request.GET.get("state", ""), "can_manage": access.can_manage_any(request.user)})


@login_required
def designation_export(request):
    rows = ((d.kind.name, d.school.code, d.school.short_name, d.school.municipality.name, d.topic,
             ru_date(d.start), ru_date(d.end), f"№ {d.order_number} от {ru_date(d.order_date)}",
             d.get_state_display(), d.active_agreements)
            for d in _filtered_designations(request))
    return xlsx_response("designations.xlsx", [_("Статус"), _("Код ОО"), _("Школа"), _("Муниципалитет"),
                                               _("Тема"), _("Начало"), _("Окончание"), _("Приказ"), _("Состояние"),
                                               _("Действующих соглашений")], rows, title=_("Статусы"))


@login_required
@require_http_methods(["GET", "POST"])
def designation_edit(request, pk=None):
    user = request.user
    scoping.require(access.can_manage_any(user))
    designation = get_object_or_404(access.visible_designations(user), pk=pk) if pk else Designation()
    if pk:
        scoping.require(access.can_manage_school(user, designation.school))
    schools = scoping.editable_schools(user).filter(municipality__in=scoping.managed_municipalities(user))
    form = DesignationForm(request.POST or None, request.FILES or None, instance=designation, schools=schools)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in form.cleaned_data}
        if not data.get("order_document"):
            data.pop("order_document", None)
        try:
            saved = services.save_designation(actor=user, designation=designation, data=data)
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            messages.success(request, _("Статус сохранён."))
            return redirect(saved)
    return render(request, "partnerships/designation_form.html", {"form": form, "designation": designation})


@login_required
def designation_detail(request, pk):
    user = request.user
    designation = get_object_or_404(access.visible_designations(user), pk=pk)
    agreements = access.visible_agreements(user).filter(designation=designation).order_by(
        "supported_school__short_name")
    return render(request, "partnerships/designation_detail.html", {
        "d": designation, "agreements": agreements, "can_manage": access.can_manage_school(user, designation.school),
        "terminate_form": TerminateDesignationForm(initial={"terminated_on": timezone.localdate()})})


@login_required
@require_POST
def designation_terminate(request, pk):
    user = request.user
    designation = get_object_or_404(access.visible_designations(user), pk=pk)
    scoping.require(access.can_manage_school(user, designation.school))
    form = TerminateDesignationForm(request.POST)
    if form.is_valid():
        try:
            services.terminate_designation(actor=user, designation=designation,
                                           reason=form.cleaned_data["termination_reason"],
                                           note=form.cleaned_data["termination_note"],
                                           on=form.cleaned_data["terminated_on"])
            messages.success(request, _("Статус прекращён; действующие соглашения расторгнуты."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect(designation)


def _filtered_agreements(request):
    qs = access.visible_agreements(request.user)
    state = request.GET.get("state", "")
    if state in Agreement.State.values:
        qs = qs.filter(state=state)
    return qs.order_by("designation__school__short_name", "supported_school__short_name")


@login_required
def agreement_list(request):
    page = Paginator(_filtered_agreements(request), 50).get_page(request.GET.get("page"))
    return render(request, "partnerships/agreement_list.html", {
        "page_obj": page, "agreements": page.object_list, "states": Agreement.State.choices,
        "state": request.GET.get("state", "")})


@login_required
def agreement_export(request):
    rows = ((a.number, ru_date(a.signed_on), a.designation.kind.short_name, a.designation.school.short_name,
             a.supported_school.code, a.supported_school.short_name, ru_date(a.start), ru_date(a.end),
             ", ".join(a.direction_labels), a.get_state_display())
            for a in _filtered_agreements(request))
    return xlsx_response("agreements.xlsx", [_("Номер"), _("Подписано"), _("Статус лидера"), _("Школа-лидер"),
                                             _("Код ОО"), _("Сопровождаемая школа"), _("Начало"), _("Окончание"),
                                             _("Направления"), _("Состояние")], rows, title=_("Соглашения"))


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request, pk=None):
    user = request.user
    scoping.require(access.can_manage_any(user))
    agreement = get_object_or_404(access.visible_agreements(user), pk=pk) if pk else Agreement()
    if pk:
        scoping.require(access.can_manage_school(user, agreement.designation.school))
        if agreement.state != Agreement.State.DRAFT:
            messages.error(request, _("Изменять можно только черновик соглашения."))
            return redirect(agreement)
    munis = scoping.managed_municipalities(user)
    designations = access.visible_designations(user).filter(school__municipality__in=munis,
                                                            state=Designation.State.ACTIVE)
    initial = {"designation": request.GET.get("designation")} if not pk else None
    form = AgreementForm(request.POST or None, request.FILES or None, instance=agreement, initial=initial,
                         designations=designations, schools=scoping.visible_schools(user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if not data.get("document"):
            data.pop("document", None)
        try:
            saved, warning = services.save_agreement(actor=user, agreement=agreement, data=data)
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            messages.success(request, _("Соглашение сохранено."))
            if warning:
                messages.warning(request, warning)
            return redirect(saved)
    return render(request, "partnerships/agreement_form.html", {"form": form, "agreement": agreement})


@login_required
def agreement_detail(request, pk):
    user = request.user
    agreement = get_object_or_404(access.visible_agreements(user), pk=pk)
    return render(request, "partnerships/agreement_detail.html", {
        "a": agreement, "can_manage": access.can_manage_school(user, agreement.designation.school),
        "terminate_form": TerminateAgreementForm()})


@login_required
def agreement_document(request, pk):
    """The signed PDF, only to users who may see the agreement (others get 404)."""
    agreement = get_object_or_404(access.visible_agreements(request.user), pk=pk)
    if not agreement.document:
        raise Http404
    response = FileResponse(agreement.document.open("rb"), content_type="application/pdf",
                            filename=f"agreement-{agreement.pk}.pdf")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def designation_document(request, pk):
    """The scanned order, only to users who may see the designation (others get 404)."""
    designation = get_object_or_404(access.visible_designations(request.user), pk=pk)
    if not designation.order_document:
        raise Http404
    return FileResponse(designation.order_document.open("rb"), content_type="application/pdf",
                        filename=f"order-{designation.pk}.pdf")


@login_required
@require_POST
def agreement_activate(request, pk):
    user = request.user
    agreement = get_object_or_404(access.visible_agreements(user), pk=pk)
    scoping.require(access.can_manage_school(user, agreement.designation.school))
    try:
        services.activate_agreement(actor=user, agreement=agreement)
        messages.success(request, _("Соглашение действует."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(agreement)


@login_required
@require_POST
def agreement_terminate(request, pk):
    user = request.user
    agreement = get_object_or_404(access.visible_agreements(user), pk=pk)
    scoping.require(access.can_manage_school(user, agreement.designation.school))
    try:
        services.terminate_agreement(actor=user, agreement=agreement, reason=request.POST.get("termination_reason"))
        messages.success(request, _("Соглашение расторгнуто."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(agreement)


def _active_agreements(user):
    return access.visible_agreements(user).filter(state=Agreement.State.ACTIVE)


@login_required
def network(request):
    agreements = list(_active_agreements(request.user))
    return render(request, "partnerships/network.html", {"svg": network_svg(agreements), "count": len(agreements)})


@login_required
def coverage(request):
    """Every current ШНОР/ШССУ with its partners; those with none first and highlighted."""
    schools = scoping.visible_schools(request.user)
    latest = SchoolStatus.objects.filter(school__in=schools).order_by("-school_year__start_year").values_list(
        "school_year__start_year", flat=True).first()
    statuses = list(SchoolStatus.objects.filter(school__in=schools, school_year__start_year=latest).select_related(
        "school__municipality", "school_year").order_by("school__short_name")) if latest else []
    support = services.current_support({s.school_id for s in statuses})
    rows = {}
    for st in statuses:
        row = rows.setdefault(st.school_id, {"school": st.school, "statuses": [], "agreements":
                                             support.get(st.school_id, [])})
        row["statuses"].append(st.get_status_display())
    ordered = sorted(rows.values(), key=lambda r: (bool(r["agreements"]), r["school"].short_name))
    return render(request, "partnerships/coverage.html", {
        "rows": ordered, "year": latest, "uncovered": sum(1 for r in ordered if not r["agreements"])})

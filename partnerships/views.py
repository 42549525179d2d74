"""Pages of partnerships: designations, agreements, the municipal network and the coverage table.

Thin: the rules are in `access` (who sees and may do what), the reads in `selectors`, the writes in `services`
(which check permission again). A foreign object answers 404, a visible one the user may not change 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import access as scoping
from core.exports import xlsx_response
from core.forms import act, keep_uploads, page_form, small_form
from core.storage import private_file_response

from . import access, selectors, services
from .forms import AgreementForm, DesignationForm, TerminateAgreementForm, TerminateDesignationForm
from .models import Agreement, Designation, DesignationKind
from .network import network_groups, network_svg


def _filters(request) -> dict:
    return {"kind": request.GET.get("kind", ""), "state": request.GET.get("state", "")}


def _tabs(user) -> dict:
    return {"can_view_coverage": access.can_view_coverage(user)}


@login_required
@require_safe
def designation_list(request):
    filters = _filters(request)
    page = Paginator(selectors.designation_list(request.user, **filters), 50).get_page(request.GET.get("page"))
    return render(request, "partnerships/designation_list.html", {
        "page_obj": page, "designations": page.object_list, "kinds": DesignationKind.objects.all(),
        "states": Designation.State.choices, **filters, "can_manage": access.can_manage_any(request.user),
        **_tabs(request.user)})


@login_required
@require_safe
def designation_export(request):
    header, rows = selectors.designation_export(request.user, **_filters(request))
    return xlsx_response("designations.xlsx", header, rows, title=_("Статусы"))


@login_required
@require_http_methods(["GET", "POST"])
def designation_edit(request, pk=None):
    user = request.user
    designation = get_object_or_404(access.visible_designations(user), pk=pk) if pk else Designation()
    services.ensure_designation_editable(actor=user, designation=designation)
    form = keep_uploads(DesignationForm(request.POST or None, request.FILES or None, instance=designation,
                                        schools=access.designation_schools(user)), user)

    def save(data):
        data = dict(data)
        if not data.get("order_document"):  # no new scan: the stored one stays
            data.pop("order_document", None)
        return services.save_designation(actor=user, designation=designation, data=data)

    if request.method == "POST" and (done := page_form(request, form, save, success=_("Статус сохранён."),
                                                       then=lambda saved: saved)):
        return done
    return render(request, "partnerships/designation_form.html", {"form": form, "designation": designation})


@login_required
@require_safe
def designation_detail(request, pk):
    designation = get_object_or_404(access.visible_designations(request.user), pk=pk)
    return _designation_page(request, designation)


def _designation_page(request, designation, terminate_form=None):
    """The designation's page; `terminate_form` is the posted one when it was refused (its errors at its fields,
    what was typed kept)."""
    user = request.user
    return render(request, "partnerships/designation_detail.html", {
        "d": designation, "agreements": selectors.designation_agreements(user, designation),
        "can": access.designation_actions(user, designation),
        "terminate_form": terminate_form if terminate_form is not None else TerminateDesignationForm(
            initial={"terminated_on": timezone.localdate()})})


@login_required
@require_POST
def designation_terminate(request, pk):
    user = request.user
    designation = get_object_or_404(access.visible_designations(user), pk=pk)
    scoping.require(access.can_manage_designation(user, designation))
    form = TerminateDesignationForm(request.POST)
    done = small_form(request, form, lambda data: services.terminate_designation(
        actor=user, designation=designation, reason=data["termination_reason"], note=data["termination_note"],
        on=data["terminated_on"]),
        success=_("Статус прекращён; действующие соглашения расторгнуты."), back=designation.get_absolute_url())
    return done or _designation_page(request, designation, terminate_form=form)


@login_required
@require_safe
def agreement_list(request):
    state = request.GET.get("state", "")
    page = Paginator(selectors.agreement_list(request.user, state=state), 50).get_page(request.GET.get("page"))
    return render(request, "partnerships/agreement_list.html", {
        "page_obj": page, "agreements": page.object_list, "states": Agreement.State.choices, "state": state,
        **_tabs(request.user)})


@login_required
@require_safe
def agreement_export(request):
    header, rows = selectors.agreement_export(request.user, state=request.GET.get("state", ""))
    return xlsx_response("agreements.xlsx", header, rows, title=_("Соглашения"))


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request, pk=None):
    user = request.user
    agreement = get_object_or_404(access.visible_agreements(user), pk=pk) if pk else Agreement()
    # refused by role: 403; by state: back to the agreement with the reason
    if not act(request, lambda: services.ensure_agreement_editable(actor=user, agreement=agreement)):
        return redirect(agreement)
    initial = {"designation": request.GET.get("designation")} if not pk else None
    form = keep_uploads(AgreementForm(request.POST or None, request.FILES or None, instance=agreement,
                                      initial=initial, designations=access.agreement_designations(user),
                                      schools=access.partner_schools(user)), user)

    def save(data):
        data = dict(data)
        activate = data.pop("activate", False)
        if not data.get("document"):  # no new scan: the stored one stays
            data.pop("document", None)
        return services.save_agreement(actor=user, agreement=agreement, data=data, activate=activate)

    def warn(result):
        saved, warning = result
        if warning:
            messages.warning(request, warning)
        return saved

    if request.method == "POST":
        if done := page_form(request, form, save, then=warn, success=lambda _result: _(
                "Соглашение введено в действие.") if form.cleaned_data.get("activate") else _("Соглашение сохранено.")):
            return done
        if not pk:  # nothing was written: the page is still the new agreement's
            agreement.pk = None
    return render(request, "partnerships/agreement_form.html", {"form": form, "agreement": agreement})


@login_required
@require_safe
def agreement_detail(request, pk):
    user = request.user
    agreement = get_object_or_404(access.visible_agreements(user), pk=pk)
    return render(request, "partnerships/agreement_detail.html", {
        "a": agreement, "can": access.agreement_actions(user, agreement),
        "terminate_form": TerminateAgreementForm()})


@login_required
@require_safe
def agreement_document(request, pk):
    """The signed PDF, only to users who may see the agreement (others get 404)."""
    agreement = get_object_or_404(access.visible_agreements(request.user), pk=pk)
    return private_file_response(agreement.document, content_type="application/pdf",
                                 filename=f"agreement-{agreement.pk}.pdf")


@login_required
@require_safe
def designation_document(request, pk):
    """The scanned order, only to users who may see the designation (others get 404)."""
    designation = get_object_or_404(access.visible_designations(request.user), pk=pk)
    return private_file_response(designation.order_document, content_type="application/pdf",
                                 filename=f"order-{designation.pk}.pdf")


@login_required
@require_POST
def agreement_activate(request, pk):
    user = request.user
    agreement = get_object_or_404(access.visible_agreements(user), pk=pk)
    scoping.require(access.can_manage_agreement(user, agreement))
    act(request, lambda: services.activate_agreement(actor=user, agreement=agreement), _("Соглашение действует."))
    return redirect(agreement)


@login_required
@require_POST
def agreement_terminate(request, pk):
    user = request.user
    agreement = get_object_or_404(access.visible_agreements(user), pk=pk)
    scoping.require(access.can_manage_agreement(user, agreement))
    act(request, lambda: services.terminate_agreement(actor=user, agreement=agreement,
                                                      reason=request.POST.get("termination_reason")),
        _("Соглашение расторгнуто."))
    return redirect(agreement)


@login_required
@require_safe
def network(request):
    agreements = selectors.network_agreements(request.user)
    return render(request, "partnerships/network.html", {"svg": network_svg(agreements), "count": len(agreements),
                                                         "groups": network_groups(agreements),
                                                         **_tabs(request.user)})


@login_required
@require_safe
def coverage(request):
    """Every current ШНОР/ШССУ with its partners; those with none first and highlighted (municipal staff)."""
    scoping.require(access.can_view_coverage(request.user))
    return render(request, "partnerships/coverage.html", {**selectors.coverage(request.user), **_tabs(request.user)})

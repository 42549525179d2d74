"""Runs: list, start, progress, proposal with evidence, decisions against the proposal, approval.

Thin: who may do what is asked of `access`, reads come from `selectors`, writes go through `services`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts import access as scoping
from core.charts import PER_CHART, axis_top, chart_blocks
from core.forms import page_form, submit
from core.jobs.views import restart_view, status_view
from core.legal_orders import order_window

from .. import access, selectors, services
from ..criteria import EvidenceView, Outcome, get_kind
from ..forms import ApproveForm, OverrideForm, RunForm


@login_required
@require_safe
def run_list(request):
    user = request.user
    if not access.can_open_identification(user):
        return redirect("identification:official_list")
    runs = Paginator(access.visible_runs(user).order_by("-created_at"), 30).get_page(request.GET.get("page"))
    return render(request, "identification/run_list.html", {
        "page_obj": runs, "runs": runs.object_list, "superseded": selectors.superseded_runs(runs.object_list),
        "can_start": access.can_start_runs(user),
    })


@login_required
@require_http_methods(["GET", "POST"])
def run_create(request):
    user = request.user
    munis = access.startable_municipalities(user)
    scoping.require(munis.exists())
    form = RunForm(request.POST or None, municipalities=munis, allow_region=access.can_start_region_runs(user))

    def start(data):
        municipality = data["municipality"]
        return services.create_run(actor=user, methodology=data["methodology"], municipality=municipality,
                                   region=municipality.region if municipality else munis.first().region,
                                   start_year=data["start_year"], is_what_if=data["is_what_if"])

    def warn(run):  # after the notice that it started: what the data lack for its criteria
        check = selectors.data_check(criteria=run.snapshot["criteria"], region=run.region,
                                     municipality=run.municipality, start_year=form.cleaned_data["start_year"])
        for warning in check.warnings:
            messages.warning(request, warning)
        return run

    if request.method == "POST" and (done := page_form(
            request, form, start, then=warn,
            success=lambda run: _("Пробный расчёт запущен.") if run.is_what_if else _("Расчёт запущен."))):
        return done
    return render(request, "identification/run_form.html", {"form": form})


def _run(request, pk):
    return access.run_or_404(request.user, pk)


run_status = status_view(_run)
# a failed or stalled run computed again (the button beside the failure's message)
run_restart = restart_view(_run, restart=lambda user, run: services.restart_run(actor=user, run=run),
                           success=_("Расчёт запущен заново."))


@login_required
@require_safe
def run_detail(request, pk):
    user = request.user
    run = access.run_or_404(user, pk)
    show, q = request.GET.get("show", ""), request.GET.get("q", "").strip()
    rows = Paginator(selectors.run_rows(run, show=show, q=q), 100).get_page(request.GET.get("page"))
    can_approve = access.can_approve_now(user, run)
    coverage = selectors.run_coverage(run) if run.has_results else None
    unjudged_counts = selectors.unjudged_counts(run)
    context = {
        "run": run, "criteria": selectors.criteria_of(run), "rules": selectors.rules_of(run.snapshot.get("rules", {})),
        "page_obj": rows, "rows": rows.object_list, "show": show, "q": q, "outcome_labels": Outcome.LABELS,
        "can_approve": can_approve, "approve_form": ApproveForm(coverage=coverage) if can_approve else None,
        "coverage": coverage, "chance": selectors.chance_of(run),
        "can_restart": run.can_restart and access.can_start_run(user, run.municipality),
        "totals": selectors.run_totals(run), "flags": selectors.proposed_flags(rows.object_list),
        "window": order_window(run.school_year.start_year),
        # the schools not judged are never silently absent: counted here, a reason on each row
        "unjudged_counts": unjudged_counts, "unjudged": {rs.pk: selectors.not_judged(rs) for rs in rows.object_list},
    }
    approved = run.year_approved_run if not run.is_approved else None
    if approved is not None:
        context["year_approved"] = approved
        context["year_approved_visible"] = access.can_view_run(user, approved)
    if run.has_results:
        previous = selectors.previous_approved(run)
        if previous:
            context["vs_previous"] = selectors.compare(run, previous)
        other_id = request.GET.get("compare")
        if other_id:
            other = access.run_or_404(user, other_id)
            context["vs_other"] = selectors.compare(run, other)
        context["comparable"] = selectors.comparable_runs(user, run)
    return render(request, "identification/run_detail.html", context)


def _charts(run, run_school) -> tuple[list[dict], list[dict]]:
    """The why page's charts: those with series that met or nearly met their threshold, showing the first picture
    of them (worst first) and the rest of their series behind «ещё N», then the charts with none (all behind one
    «ещё N»)."""
    key, quiet = [], []
    for c in selectors.result_series(run, run_school):
        top = axis_top(c["key"] + c["more"], c["threshold"])  # one axis for all the chart's pictures

        def draw(series, c=c, top=top):
            return chart_blocks(series, threshold=c["threshold"], threshold_label=c["threshold_label"],
                                 title=c["chart_title"], y_max=top)

        chart = {"title": c["title"]}
        if c["key"]:
            shown, more = c["key"][:PER_CHART], c["key"][PER_CHART:] + c["more"]
            key.append({**chart, "blocks": draw(shown), "more": draw(more), "more_count": len(more),
                        "more_key": len(c["key"][PER_CHART:])})
        else:
            quiet.append({**chart, "blocks": draw(c["more"])})
    return key, quiet


@login_required
@require_http_methods(["GET", "POST"])
def why(request, pk, school_pk):
    user = request.user
    run_school = access.run_school_or_404(user, pk, school_pk)
    run = run_school.run
    can_decide = access.can_decide_now(user, run)
    form = OverrideForm(request.POST or None)
    if request.method == "POST":
        scoping.require(can_decide)

        def notice(_result) -> str:  # a decision that agrees with the proposal takes the earlier one back
            data = form.cleaned_data
            if data["include"] == (data["status"] in run_school.proposed):
                return _("Решение вопреки предложению отменено: действует предложение методики.")
            return _("Решение сохранено.")

        if done := page_form(request, form, lambda data: services.set_override(
                actor=user, run_school=run_school, status=data["status"], include=data["include"],
                reason=data["reason"]), success=notice,
                then=reverse("identification:why", kwargs={"pk": run.pk, "school_pk": school_pk})):
            return done
    criteria = [(c, EvidenceView(run_school.evidence.get(c["code"], {}), get_kind(c["kind"]), c["params"]))
                for c in selectors.criteria_of(run)]
    key_charts, quiet_charts = _charts(run, run_school)
    return render(request, "identification/why.html", {
        "run": run, "rs": run_school, "school": run_school.school, "criteria": criteria,
        "statuses": selectors.why_statuses(run_school), "rules": run.snapshot.get("rules", {}),
        "outcome_labels": Outcome.LABELS, "form": form, "can_decide": can_decide,
        "charts": key_charts, "quiet_charts": quiet_charts, "can_see_run": access.can_view_run(user, run),
        "flags": selectors.proposed_flags([run_school]).get(run_school.school_id, []),
        "summary": selectors.why_summary(run_school), "similar": selectors.similar_comparisons(run_school),
    })


@login_required
@require_http_methods(["GET", "POST"])
def approve(request, pk):
    """Approval in two steps: the order's number and date (checked as the service will check them, errors at the
    fields), then a summary of what becomes official to confirm; only the confirmed post approves."""
    user = request.user
    run = access.run_or_404(user, pk)
    services.require_approver(user, run)  # 403 with its reason (another head approves the author's own list)
    coverage = selectors.run_coverage(run)
    form = ApproveForm(request.POST or None, coverage=coverage)
    confirming = False
    if request.method == "POST" and "confirm" in request.POST:
        if done := page_form(request, form, lambda data: services.approve_run(actor=user, run=run, **data),
                             success=_("Список утверждён. Статусы школ внесены в реестр."),
                             then=reverse("identification:official_list_year", args=[run.school_year.start_year])):
            return done
    elif request.method == "POST":  # the first step: checked, then the summary to confirm (or the form to edit)
        confirming = submit(form, lambda data: services.check_approval(actor=user, run=run, **data)).done and (
            "edit" not in request.POST)
    return render(request, "identification/approve.html", {
        "run": run, "form": form, "confirming": confirming, "summary": selectors.approval_summary(run),
        "open": run.is_open_for_approval, "year_approved": run.year_approved_run,
        "window": order_window(run.school_year.start_year), "coverage": coverage,
    })

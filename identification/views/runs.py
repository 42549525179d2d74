"""Runs: list, start, progress, proposal with evidence, decisions against the proposal, approval."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import scoping
from core.forms import copy_errors
from core.tasks import progress_response
from schools.models import AssessmentResult

from .. import access, selectors, services
from ..charts import line_chart
from ..criteria import EvidenceView, Outcome, get_kind
from ..criteria.bottom_distribution import BottomDistribution
from ..forms import ApproveForm, OverrideForm, RunForm
from ..models import Run, RunSchool, Status


@login_required
def run_list(request):
    user = request.user
    if not access.can_open_identification(user):
        return redirect("identification:official_list")
    runs = Paginator(access.visible_runs(user).order_by("-created_at"), 30).get_page(request.GET.get("page"))
    return render(request, "identification/run_list.html", {
        "page_obj": runs, "runs": runs.object_list,
        "can_start": scoping.can_create_school(user),
    })


@login_required
@require_http_methods(["GET", "POST"])
def run_create(request):
    user = request.user
    munis = scoping.managed_municipalities(user)
    scoping.require(munis.exists())
    allow_region = scoping.get_scope(user).is_admin
    form = RunForm(request.POST or None, municipalities=munis, allow_region=allow_region)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        municipality = data["municipality"]
        region = municipality.region if municipality else munis.first().region
        run = services.create_run(actor=user, methodology=data["methodology"], region=region,
                                  municipality=municipality, start_year=data["start_year"],
                                  is_what_if=data["is_what_if"])
        messages.success(request, _("Расчёт запущен."))
        return redirect(run)
    return render(request, "identification/run_form.html", {"form": form})


@login_required
def run_status(request, pk):
    run = access.run_or_404(request.user, pk)
    working = run.state in (Run.State.PENDING, Run.State.RUNNING)
    return progress_response(state=run.state, label=run.get_state_display(), percent=run.progress,
                             working=working, text=f"{run.progress}\u00a0%", error=run.error)


@login_required
def run_detail(request, pk):
    user = request.user
    run = access.run_or_404(user, pk)
    show, q = request.GET.get("show", ""), request.GET.get("q", "").strip()
    rows = Paginator(selectors.run_rows(run, show=show, q=q), 100).get_page(request.GET.get("page"))
    criteria = selectors.criteria_of(run)
    context = {
        "run": run, "criteria": criteria, "page_obj": rows, "rows": rows.object_list, "show": show, "q": q,
        "outcome_labels": Outcome.LABELS,
        "can_approve": access.can_approve(user, run) and run.state == Run.State.DONE and not run.is_what_if,
        "approve_form": ApproveForm(),
        "totals": {
            "schools": run.school_count,
            "lrs": run.schools.filter(lrs_included=True).count(),
            "dsc": run.schools.filter(dsc_included=True).count(),
            "review": run.schools.filter(needs_review=True).count(),
            "changed": run.schools.filter(overrides__isnull=False).distinct().count(),
        },
    }
    if run.state in (Run.State.DONE, Run.State.APPROVED):
        previous = selectors.previous_approved(run)
        if previous:
            context["vs_previous"] = selectors.compare(run, previous)
        other_id = request.GET.get("compare")
        if other_id:
            other = access.run_or_404(user, other_id)
            context["vs_other"] = selectors.compare(run, other)
        context["comparable"] = access.visible_runs(user).filter(
            municipality=run.municipality, region=run.region, state__in=[Run.State.DONE, Run.State.APPROVED]
        ).exclude(pk=run.pk).order_by("-created_at")[:20]
    return render(request, "identification/run_detail.html", context)


def _why_run_school(user, run_pk, school_pk) -> tuple[Run, RunSchool]:
    """Evidence is read by the run's staff, or by a school's own staff in an approved list."""
    run = access.visible_runs(user).filter(pk=run_pk).first()
    if run is None:
        run = get_object_or_404(Run.objects.select_related("school_year", "municipality", "methodology"),
                                pk=run_pk, state=Run.State.APPROVED)
    run_school = get_object_or_404(RunSchool.objects.select_related("school__municipality"), run=run,
                                   school_id=school_pk)
    run_school.run = run  # the evidence is read with the run's snapshot
    school = run_school.school
    if not access.visible_runs(user).filter(pk=run.pk).exists() and not scoping.can_view_private(user, school):
        raise Http404
    return run, run_school


def _result_charts(run: Run, run_school: RunSchool) -> list[dict]:
    """Failing share per assessment over the years against C-thresholds, and rank charts from evidence."""
    charts = []
    year = run.school_year.start_year
    years = list(range(year - 2, year + 1))
    labels = [f"{y}/{(y + 1) % 100:02d}" for y in years]
    criteria = run.snapshot.get("criteria", [])  # codes, titles and parameters only (no describing)
    failing = [c for c in criteria if c["kind"] == "failing_share"]
    if failing:
        threshold = failing[0]["params"]["threshold_pct"]
        rows = (AssessmentResult.objects.filter(school=run_school.school, school_year__start_year__in=years,
                                                participants__gt=0)
                .select_related("subject", "school_year").order_by("procedure", "subject__name", "grade"))
        series: dict[str, dict[int, float]] = {}
        for r in rows:
            name = f"{r.get_procedure_display()} {r.subject.name.lower()} {r.grade} кл."
            series.setdefault(name, {})[r.school_year.start_year] = 100 * r.mark2 / r.participants
        if series:
            data = [(name, [(lbl, points.get(y)) for y, lbl in zip(years, labels, strict=True)])
                    for name, points in sorted(series.items())[:6]]
            charts.append({"title": _("Доля «2» по процедурам, %"),
                           "svg": line_chart(data, threshold=threshold, threshold_label=f"порог {threshold:g} %",
                                             title=_("Доля «2» по процедурам"))})
    for c in criteria:
        ev = run_school.evidence.get(c["code"], {})
        if ev.get("series"):
            points = BottomDistribution.chart_points(ev)
            limit = c["params"]["bottom_pct"]
            data = [(_("место, % школ"), [(lbl, points.get(y)) for y, lbl in zip(years, labels, strict=True)])]
            charts.append({"title": f"{c['code']}: {c['title']}",
                           "svg": line_chart(data, threshold=limit, threshold_label=f"нижние {limit:g} %",
                                             title=c["title"])})
    return charts


@login_required
@require_http_methods(["GET", "POST"])
def why(request, pk, school_pk):
    user = request.user
    run, run_school = _why_run_school(user, pk, school_pk)
    can_decide = access.can_decide(user, run) and run.state == Run.State.DONE and not run.is_what_if
    form = OverrideForm(request.POST or None)
    if request.method == "POST":
        scoping.require(can_decide)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.set_override(actor=user, run_school=run_school, status=data["status"],
                                      include=data["include"], reason=data["reason"])
            except ValidationError as exc:
                copy_errors(form, exc)
            else:
                messages.success(request, _("Решение сохранено."))
                return redirect("identification:why", pk=run.pk, school_pk=school_pk)
    criteria = [(c, EvidenceView(run_school.evidence.get(c["code"], {}), get_kind(c["kind"]), c["params"]))
                for c in selectors.criteria_of(run)]
    overrides = {o.status: o for o in run_school.overrides.select_related("author")}
    statuses = [(value, label, value in run_school.proposed, run_school.included(value), overrides.get(value))
                for value, label in Status.choices]
    return render(request, "identification/why.html", {
        "run": run, "rs": run_school, "school": run_school.school, "criteria": criteria, "statuses": statuses,
        "rules": run.snapshot.get("rules", {}), "outcome_labels": Outcome.LABELS, "form": form,
        "can_decide": can_decide, "charts": _result_charts(run, run_school),
        "can_see_run": access.visible_runs(user).filter(pk=run.pk).exists(),
    })


@login_required
@require_POST
def approve(request, pk):
    user = request.user
    run = access.run_or_404(user, pk)
    scoping.require(access.can_approve(user, run))
    form = ApproveForm(request.POST)
    if form.is_valid():
        try:
            services.approve_run(actor=user, run=run, **form.cleaned_data)
        except ValidationError as exc:
            for msg in exc.messages:
                messages.error(request, msg)
        else:
            messages.success(request, _("Список утверждён. Статусы школ внесены в реестр."))
            return redirect("identification:official_list_year", year=run.school_year.start_year)
    else:
        for errs in form.errors.values():
            for e in errs:
                messages.error(request, e)
    return redirect(run)

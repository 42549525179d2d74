"""Pages of roadmaps: the overview, a roadmap (table and timeline), its form, the workflow and revisions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import access as scoping
from core.forms import act, page_form
from schools.models import SchoolYear

from .. import access, selectors, services
from ..forms import ApproveForm, ReportForm, ReturnForm, RoadmapForm
from ..models import Activity, Direction, Level, ProgressReport, Roadmap
from ..periods import periods


def int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
@require_safe
def overview(request):
    g = request.GET
    qs = selectors.overview(request.user, level=g.get("level", ""), status=g.get("status", ""),
                            year=int_or_none(g.get("year")), municipality=int_or_none(g.get("municipality")),
                            overdue_only=g.get("overdue") == "1", q=g.get("q", "").strip())
    page = Paginator(qs, 50).get_page(g.get("page"))
    return render(request, "roadmaps/overview.html", {
        "page_obj": page, "roadmaps": page.object_list, "totals": selectors.totals(qs),
        "levels": Level.choices, "statuses": Roadmap.Status.choices, "report_statuses": dict(
            ProgressReport.Status.choices), "years": SchoolYear.objects.order_by("-start_year"),
        "municipalities": scoping.visible_municipalities(request.user),
        "can_create": access.can_create_any(request.user),
        "can_catalogues": access.can_manage_catalogues(request.user), "f": g})


def _form_choices(user):
    return {"levels": access.creatable_levels(user), "municipalities": access.owner_municipalities(user),
            "schools": access.owner_schools(user), "designations": access.owner_designations(user),
            "years": SchoolYear.objects.order_by("-start_year")}


@login_required
@require_http_methods(["GET", "POST"])
def roadmap_edit(request, pk=None):
    user = request.user
    roadmap = get_object_or_404(access.visible_roadmaps(user), pk=pk) if pk else Roadmap()
    if pk:
        scoping.require(access.can_manage(user, roadmap))
        if not roadmap.is_editable:
            messages.error(request, _("Утверждённую или отправленную дорожную карту не меняют: откройте новую "
                                      "редакцию."))
            return redirect(roadmap)
    else:
        scoping.require(access.can_create_any(user))
    initial = None
    if not pk:
        start_year = selectors.current_start_year()
        initial = {"level": request.GET.get("level", Level.SCHOOL), "school": request.GET.get("school"),
                   "designation": request.GET.get("designation"),
                   "school_year": SchoolYear.objects.filter(start_year=start_year).first(),
                   "period_start": f"{start_year}-09-01", "period_end": f"{start_year + 1}-08-31"}
    form = RoadmapForm(request.POST or None, instance=roadmap, initial=initial, **_form_choices(user))

    def warn(saved):  # a new programme for a school without a status: saved, with a warning
        if not pk and (warning := services.status_warning(saved)):
            messages.warning(request, warning)
        return saved

    if request.method == "POST" and (done := page_form(
            request, form, lambda data: services.save_roadmap(actor=user, roadmap=roadmap, data=dict(data)),
            success=_("Дорожная карта сохранена."), then=warn, denied=_("Нет прав на эту дорожную карту."))):
        return done
    return render(request, "roadmaps/roadmap_form.html", {"form": form, "roadmap": roadmap})


def _detail_context(request, roadmap):
    user, g = request.user, request.GET
    acts = list(selectors.activities(roadmap, status=g.get("status", ""), overdue=g.get("overdue") == "1",
                                     responsible=g.get("responsible", "").strip(), direction=g.get("direction", "")))
    today = timezone.localdate()
    for a in acts:
        a.late = a.is_overdue(today)
    revisions = list(roadmap.revisions.order_by("-number"))
    current = revisions[0] if revisions else None
    return {
        "roadmap": roadmap, "groups": selectors.grouped(acts), "activities": acts, "f": g,
        "filtered": any(g.get(k) for k in ("status", "overdue", "responsible", "direction")),
        "statuses": Activity.Status.choices, "directions": Direction.objects.all(),
        "can_manage": access.can_manage(user, roadmap), "can_edit": access.can_edit_plan(user, roadmap),
        "can_review": access.can_review(user, roadmap), "can_approve": access.can_approve(user, roadmap),
        "approved_revision": current, "revisions": revisions,
        "events": roadmap.events.select_related("actor")[:20], "uncovered": selectors.uncovered_factors(roadmap),
        "return_form": ReturnForm(), "approve_form": ApproveForm(initial={"order_date": today}),
        "approval_refusal": access.approval_refusal(user, roadmap),
        "overdue_count": sum(1 for a in acts if a.late), **_reports_context(roadmap, current, today),
    }


def _reports_context(roadmap, current, today) -> dict:
    """The reports table and the form for a new one: only periods begun and without a report are offered (the first
    is preselected), so the form never picks a period already reported; with none, the page says what comes next."""
    reports = list(roadmap.reports.order_by("-period_start"))
    begun = services.reportable_periods(roadmap, today)
    unreported = services.unreported_periods(roadmap, begun=begun, reports=reports) if current else []
    started = {p.start for p in begun}
    return {"reports": reports, "report_form": ReportForm(periods=unreported) if unreported else None,
            "next_period": next((p for p in periods(roadmap.period_start, roadmap.period_end, roadmap.report_period)
                                 if p.start not in started), None),
            "report_to_finish": any(r.is_editable for r in reports)}


@login_required
@require_safe
def roadmap_detail(request, pk):
    roadmap = get_object_or_404(access.visible_roadmaps(request.user), pk=pk)
    return render(request, "roadmaps/roadmap_detail.html", _detail_context(request, roadmap))


@login_required
@require_safe
def roadmap_gantt(request, pk):
    roadmap = get_object_or_404(access.visible_roadmaps(request.user), pk=pk)
    context = _detail_context(request, roadmap)
    start, end = roadmap.period_start, roadmap.period_end
    for a in context["activities"]:
        a.left, a.width = selectors.bar(a, start, end)
    today = timezone.localdate()
    context.update({"months": selectors.months_between(start, end),
                    "today_left": 100 * (today - start).days / ((end - start).days + 1) if start <= today <= end
                    else None})
    return render(request, "roadmaps/roadmap_gantt.html", context)


def _visible(request, pk) -> Roadmap:
    return get_object_or_404(access.visible_roadmaps(request.user), pk=pk)


# the workflow's buttons: a refusal by state is a notice on the roadmap's page, one by role a 403

@login_required
@require_POST
def roadmap_submit(request, pk):
    roadmap = _visible(request, pk)
    act(request, lambda: services.submit(actor=request.user, roadmap=roadmap),
        _("Дорожная карта отправлена на согласование."))
    return redirect(roadmap)


@login_required
@require_POST
def roadmap_return(request, pk):
    roadmap = _visible(request, pk)
    act(request, lambda: services.return_for_rework(actor=request.user, roadmap=roadmap,
                                                    comment=request.POST.get("comment", "")),
        _("Дорожная карта возвращена на доработку."))
    return redirect(roadmap)


@login_required
@require_POST
def roadmap_approve(request, pk):
    roadmap = _visible(request, pk)
    services.require_approver(request.user, roadmap)  # a refusal by role before the form: 403
    form = ApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    else:
        act(request, lambda: services.approve(actor=request.user, roadmap=roadmap, **form.cleaned_data),
            _("Дорожная карта утверждена."))
    return redirect(roadmap)


@login_required
@require_POST
def roadmap_revise(request, pk):
    roadmap = _visible(request, pk)
    act(request, lambda: services.open_revision(actor=request.user, roadmap=roadmap,
                                                reason=request.POST.get("reason", "")),
        lambda revised: _("Открыта редакция %(n)s: внесите изменения и отправьте на согласование; до утверждения "
                          "действует прежняя редакция.") % {"n": revised.revision})
    return redirect(roadmap)


@login_required
@require_safe
def revision_detail(request, pk, number):
    roadmap = get_object_or_404(access.visible_roadmaps(request.user), pk=pk)
    revision = get_object_or_404(roadmap.revisions.select_related("approved_by"), number=number)
    groups: dict = {}
    for a in revision.snapshot.get("activities", []):
        groups.setdefault(a["direction"], []).append(a)
    return render(request, "roadmaps/revision_detail.html", {
        "roadmap": roadmap, "revision": revision, "plan": revision.snapshot, "groups": list(groups.items()),
        "revisions": roadmap.revisions.order_by("-number")})

"""Pages of one activity: its plan form, progress with evidence files, the comment thread."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import access as scoping
from core.forms import act, page_form, submit
from core.storage import private_file_response
from core.uploads import keep_upload, kept_upload

from .. import access, services
from ..forms import ActivityForm, CommentForm, ProgressForm, users_for
from ..models import Activity
from ..registries import activity_work


def _visible_activity(user, pk) -> Activity:
    return get_object_or_404(Activity.objects.select_related(
        "roadmap__municipality", "roadmap__school", "roadmap__school_year", "direction", "risk_factor",
        "responsible_user").filter(roadmap__in=access.visible_roadmaps(user)), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request, roadmap_pk=None, pk=None):
    user = request.user
    if pk:
        activity = _visible_activity(user, pk)
        roadmap = activity.roadmap
    else:
        roadmap = get_object_or_404(access.visible_roadmaps(user), pk=roadmap_pk)
        activity = Activity(roadmap=roadmap)
    scoping.require(access.can_manage(user, roadmap))
    if not roadmap.is_editable:
        messages.error(request, _("План утверждённой или отправленной дорожной карты не меняют: откройте новую "
                                  "редакцию."))
        return redirect(roadmap)
    initial = None if pk else {"start": roadmap.period_start, "due": roadmap.period_end}
    form = ActivityForm(request.POST or None, instance=activity, initial=initial, roadmap=roadmap,
                        users=users_for(roadmap))
    if request.method == "POST" and (done := page_form(
            request, form, lambda data: services.save_activity(actor=user, activity=activity, data=dict(data)),
            success=lambda saved: _("Мероприятие %(n)s сохранено.") % {"n": saved.number},
            then=lambda saved: f"{roadmap.get_absolute_url()}#a{saved.pk}")):
        return done
    return render(request, "roadmaps/activity_form.html", {"form": form, "activity": activity, "roadmap": roadmap})


@login_required
@require_POST
def activity_delete(request, pk):
    activity = _visible_activity(request.user, pk)
    roadmap = activity.roadmap
    act(request, lambda: services.delete_activity(actor=request.user, activity=activity),
        _("Мероприятие исключено из плана."))
    return redirect(roadmap)


@login_required
@require_http_methods(["GET", "POST"])
def activity_detail(request, pk):
    user = request.user
    activity = _visible_activity(user, pk)
    can_manage = access.can_manage(user, activity.roadmap)
    progress = ProgressForm(request.POST or None, initial={
        "status": activity.status, "percent": activity.percent, "report": activity.report,
        "completed_on": activity.completed_on}, prefix="p")
    kept_files, file_errors = [], []
    if request.method == "POST":
        scoping.require(can_manage)
        files = request.FILES.getlist("files") + [
            f for token in request.POST.getlist("files__kept") if (f := kept_upload(token, user=user))]
        sent = submit(progress, lambda data: services.file_progress(actor=user, activity=activity, files=files,
                                                                     **data))
        if sent.done:
            messages.success(request, _("Ход выполнения сохранён."))
            return redirect(activity)
        if sent.refusal is not None:
            file_errors = sent.refusal.message_dict.get("files", [])  # beside the form: the files input is the page's
            activity.refresh_from_db()
        if not file_errors:  # rejected for another field: the chosen files need not be chosen again
            kept_files = [(getattr(f, "kept_token", None) or keep_upload(f, user=user),
                           getattr(f, "original_name", None) or f.name) for f in files]
    return render(request, "roadmaps/activity_detail.html", {
        "activity": activity, "roadmap": activity.roadmap, "progress_form": progress, "can_manage": can_manage,
        "can_edit": access.can_edit_plan(user, activity.roadmap), "late": activity.is_overdue(),
        "evidence": activity.evidence.select_related("uploaded_by"),
        "comments": activity.comments.select_related("author"), "comment_form": CommentForm(),
        "kept_files": kept_files, "file_errors": file_errors, "work": activity_work(activity),
        "target_share": services.teacher_share_target(activity)})


@login_required
@require_POST
def activity_comment(request, pk):
    activity = _visible_activity(request.user, pk)
    act(request, lambda: services.add_comment(actor=request.user, activity=activity, text=request.POST.get("text", "")))
    return redirect(f"{activity.get_absolute_url()}#comments")


@login_required
@require_safe
def evidence_download(request, pk):
    """A private file: only to those who see the roadmap (others get 404)."""
    evidence = get_object_or_404(access.visible_evidence(request.user), pk=pk)
    return private_file_response(evidence.file, as_attachment=True, filename=evidence.original_name)

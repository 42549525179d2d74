"""Pages of mentoring and tutoring pairs: the list, a pair's form, a pair's page with its meetings."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts import access as scoping

from .. import access, selectors, services
from ..forms import MeetingForm, PairForm
from ..models import MentoringPair
from .common import object_to_edit, record_meeting, save_form, tabs


@login_required
@require_safe
def pair_list(request):
    user = request.user
    scoping.require(access.can_use_mentoring(user))
    status = request.GET.get("status", "")
    qs = access.visible_pairs(user).order_by("-start", "mentee__full_name")
    if status:
        qs = qs.filter(status=status)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    shown_mentors, shown_mentees = access.TeacherDetails(user).shown_in_pairs(page.object_list)
    return render(request, "mentoring/pair_list.html", {
        "page_obj": page, "pairs": page.object_list, "shown_mentors": shown_mentors, "shown_mentees": shown_mentees,
        "statuses": MentoringPair.Status.choices, "status": status,
        "can_add": access.can_log_pairs(user), **tabs(user)})


@login_required
@require_http_methods(["GET", "POST"])
def pair_edit(request, pk=None):
    user = request.user
    pair = object_to_edit(user, pk, access.visible_pairs(user), MentoringPair(), can_change=access.can_manage_pair,
                          can_create=access.can_log_pairs)
    initial = None
    if not pk:
        year = selectors.current_start_year()
        initial = {"start": timezone.localdate(), "end": datetime.date(year + 1, 5, 31), "planned_meetings": 8}
        if request.GET.get("mentee"):
            initial["mentee"] = request.GET["mentee"]
    form = PairForm(request.POST or None, instance=pair, initial=initial, user=user)
    if request.method == "POST":
        saved = save_form(request, form, lambda data: services.save_pair(actor=user, pair=pair, data=dict(data)),
                          success=_("Пара сохранена."), instance=pair)
        if saved:
            return redirect(saved)
    return render(request, "mentoring/pair_form.html", {"form": form, "pair": pair})


@login_required
@require_http_methods(["GET", "POST"])
def pair_detail(request, pk):
    user = request.user
    pair = get_object_or_404(access.visible_pairs(user), pk=pk)
    can_manage = access.can_manage_pair(user, pair)
    form = MeetingForm(request.POST or None, initial={"date": timezone.localdate()})
    done = record_meeting(request, form, allowed=can_manage, call=lambda data: services.add_meeting(
        actor=user, pair=pair, **data), success=_("Встреча записана."), back=pair.get_absolute_url())
    if done:
        return done
    details = access.TeacherDetails(user)
    return render(request, "mentoring/pair_detail.html", {
        "p": pair, "meetings": pair.meetings.all(), "form": form, "can_manage": can_manage,
        "mentor_shown": details.shows(pair.mentor, pair), "mentee_shown": details.shows(pair.mentee, pair),
        "can_open_mentee": access.can_view_teacher(user, pair.mentee),
        "can_open_mentor": access.can_view_teacher(user, pair.mentor)})

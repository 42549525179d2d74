"""Pages of professional communities: the list, a community's page with its meetings, its form."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts import access as scoping

from .. import access, services
from ..forms import CommunityForm, CommunityMeetingForm
from ..models import Community
from .common import object_to_edit, record_meeting, save_form, tabs


@login_required
@require_safe
def community_list(request):
    user = request.user
    scoping.require(access.can_use_mentoring(user))
    communities = access.visible_communities(user).annotate(n_members=Count("members", distinct=True)).order_by(
        "municipality__name", "name")
    return render(request, "mentoring/community_list.html", {
        "communities": communities, "can_add": access.can_create_community(user), **tabs(user)})


@login_required
@require_http_methods(["GET", "POST"])
def community_detail(request, pk):
    user = request.user
    community = get_object_or_404(access.visible_communities(user), pk=pk)
    can_manage = access.can_manage_community(user, community)
    form = CommunityMeetingForm(request.POST or None)
    done = record_meeting(request, form, allowed=can_manage, call=lambda data: services.add_community_meeting(
        actor=user, community=community, **data), success=_("Заседание записано."), back=community.get_absolute_url())
    if done:
        return done
    details = access.TeacherDetails(user)
    members = list(community.members.select_related("school").order_by("school__short_name", "full_name"))
    shown = [m for m in members if details.shows(m)]
    return render(request, "mentoring/community_detail.html", {
        "c": community, "members": shown, "hidden_members": len(members) - len(shown),
        "meetings": community.meetings.all(), "form": form, "can_manage": can_manage})


@login_required
@require_http_methods(["GET", "POST"])
def community_edit(request, pk=None):
    user = request.user
    community = object_to_edit(user, pk, access.visible_communities(user), Community(),
                               can_change=access.can_manage_community, can_create=access.can_create_community)
    form = CommunityForm(request.POST or None, instance=community, user=user)
    if request.method == "POST":
        saved = save_form(request, form, lambda data: services.save_community(
            actor=user, community=community, data={k: v for k, v in data.items() if k != "members"},
            members=data["members"]), success=_("Сообщество сохранено."), instance=community)
        if saved:
            return redirect(saved)
    return render(request, "mentoring/simple_form.html", {"form": form, "title": _("Профессиональное сообщество")})

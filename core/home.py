"""The start page «Мои задачи» (`/`): each role's working day, from the task groups the apps register
(`core.registries.register_tasks`). Thin: the groups are computed by the apps' providers, each in a fixed number
of queries; the page only lays them out, the groups with something to do first."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from .registries import task_groups

ACTION_TONES = ("warn", "bad")


@login_required
@require_safe
def home(request):
    groups = task_groups(request.user)
    groups.sort(key=lambda g: not g.items)  # stable: the providers' order within each half
    waiting = sum(1 for g in groups for item in g.items if item.tone in ACTION_TONES)
    return render(request, "core/home.html", {"groups": groups, "waiting": waiting, "today": timezone.localdate()})

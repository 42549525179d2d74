"""The two views every kind of job shares (docs/jobs.md): the status JSON the progress bar polls and the restart
button's POST. Each app builds them with its own lookup, which answers 404 for a job the user may not see."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST, require_safe

from ..forms import act
from .services import restart_job


def status_response(job) -> JsonResponse:
    return JsonResponse(job.status_payload())


def status_view(lookup):
    """`lookup(request, pk)` → the job (Http404 when not visible)."""

    @login_required
    @require_safe
    def view(request, pk):
        return status_response(lookup(request, pk))

    return view


def restart_view(lookup, *, restart=None, allowed=lambda user, job: True, success: str = ""):
    """The restart button. `restart(user, job)` is the app's service that checks the user's right (PermissionDenied:
    403) and calls `core.jobs.services.restart_job`; without one, `allowed(user, job)` decides and the job is
    restarted here. A job that is neither failed nor stalled is refused with a message on its page."""

    @login_required
    @require_POST
    def view(request, pk):
        job = lookup(request, pk)
        if not allowed(request.user, job):
            raise PermissionDenied
        act(request, lambda: restart(request.user, job) if restart else restart_job(job), success)
        return redirect(job)

    return view

"""What the pages of the methodical work share: the tabs, a teacher looked up in the user's reach, a number from the
query string, and a page's own form saved through a service."""

from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.urls import reverse

from accounts import access as scoping
from core.forms import small_form, submit

from .. import access


def tabs(user) -> dict:
    """Which tabs of the methodical work the user sees (templates/mentoring/_tabs.html)."""
    return {"can_view_coverage": access.can_view_coverage(user), "can_view_low": access.can_view_low_results(user),
            "can_log": access.can_log_events(user)}


def to_int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def object_to_edit(user, pk, visible, new, *, can_change, can_create):
    """The object of an edit page: with `pk`, a visible one (404) that the user may change (403); without, `new`
    when the user may create one (403)."""
    if not pk:
        scoping.require(can_create(user))
        return new
    obj = get_object_or_404(visible, pk=pk)
    scoping.require(can_change(user, obj))
    return obj


def teacher_of(user, pk):
    """A teacher whose page the user may open (404 otherwise)."""
    return get_object_or_404(access.visible_teachers(user), pk=pk)


def editable_teacher(user, pk):
    """A teacher whose diagnostics, route, courses and load the user changes (404 unseen, 403 read-only)."""
    teacher = teacher_of(user, pk)
    scoping.require(access.can_edit_teacher(user, teacher))
    return teacher


def teacher_url(teacher, section: str) -> str:
    """A section of the teacher's page: diagnostics, route, courses, load."""
    return reverse("mentoring:teacher_detail", args=[teacher.pk]) + "#" + section


def record_meeting(request, form, *, allowed: bool, call, success: str, back: str):
    """A meeting (of a pair, of a community) posted from its object's page: 403 without the right, then
    `core.forms.small_form`; None on a GET or when the page is to be shown again with the form's errors."""
    if request.method != "POST":
        return None
    scoping.require(allowed)
    return small_form(request, form, call, success=success, back=back)


def save_form(request, form, call, *, success: str, instance=None):
    """A page's own form (an object's form, not a small one posted from its page — that is `core.forms.small_form`):
    `call(cleaned_data)` (a service) once the form is valid. Saved — `success` as a notice and what the service
    returned; invalid or refused — None: the page again, the service's errors at their fields
    (`core.forms.submit`, the others at the top of the form). A new `instance` the refused save gave a pk (then
    rolled back) is new again."""
    sent = submit(form, call, new=instance)
    if not sent.done:
        return None
    messages.success(request, success)
    return sent.result

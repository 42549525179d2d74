"""Forms and services together: errors a service raises after a form passed are shown next to their fields, like
the form's own; database constraints are the services' to check (with a message at a field, in Russian)."""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.shortcuts import redirect
from django.utils.html import format_html
from django.utils.translation import gettext as _

from .uploads import keep_upload, kept_upload


def copy_errors(form, exc: ValidationError) -> None:
    """Field errors go to their fields (unknown fields and plain messages: to the top of the form); the errors of
    fields the page draws itself, beside the form (`form.page_fields`, e.g. a multiple-file input), are left to it."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        if field not in getattr(form, "page_fields", ()):
            form.add_error(field if field in form.fields else None, errors)


def _refused_at_fields(form, exc: ValidationError) -> bool:
    """Errors all at the form's own fields go there (True); anything else refuses the action itself (False)."""
    if hasattr(exc, "error_dict") and all(field in form.fields for field in exc.error_dict):
        copy_errors(form, exc)
        return True
    return False


def _says(text, result) -> str:
    """A notice given as text or as a function of what the service returned (a message that names it)."""
    return text(result) if callable(text) else text


def small_form(request, form, call, *, success: str, back: str):
    """A small form posted from an object's page: `call(cleaned_data)` (a service) once the form is valid. Gone
    through — `success` as a notice and a redirect to `back` (the object's page); refused at the form's fields, or the
    form invalid — None: the caller shows the page again with the form, its errors at their fields and what was typed
    kept; refused as an action (the object changed meanwhile: a status no longer active, an event already held) —
    the refusal as a notice on `back`, where the form may no longer be offered."""
    if not form.is_valid():
        return None
    try:
        call(form.cleaned_data)
    except ValidationError as exc:
        if _refused_at_fields(form, exc):
            return None
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    messages.success(request, success)
    return redirect(back)


@dataclass(frozen=True)
class Submitted:
    """What became of a form sent to a service (`submit`)."""

    done: bool  # the service went through
    result: Any = None  # what it returned
    refusal: ValidationError | None = None  # its refusal, already shown at the form's fields


def submit(form, call, *, new=None) -> Submitted:
    """`call(cleaned_data)` (a service) once the form is valid; a refusal (ValidationError) goes to the form's fields
    like the form's own errors (`copy_errors`). The building block of `page_form`, for a page that does more than
    redirect when it went through (a confirmation step) or shows part of a refusal itself (`page_fields`). `new`: an
    unsaved object the service saves — refused, it is new again (the pk it got was rolled back with the save)."""
    if not form.is_valid():
        return Submitted(done=False)
    adding = new is not None and new.pk is None
    try:
        result = call(form.cleaned_data)
    except ValidationError as exc:
        copy_errors(form, exc)
        if adding:
            new.pk = None
        return Submitted(done=False, refusal=exc)
    return Submitted(done=True, result=result)


def page_form(request, form, call, *, success, then, denied: str | None = None):
    """A page that is a form (an edit page, a new object's page): `call(cleaned_data)` (a service) once the form is
    valid. Gone through — `success` as a notice (text, or a function of what the service returned) and a redirect to
    `then` (a URL or an object, or a function of the result: it may add its own notices, shown after `success`);
    the form invalid or the service refusing — None, the refusal at the form's fields (unknown fields and plain
    messages at its top): the caller renders the page again, with what was typed kept. A refusal by role
    (PermissionDenied) is a 403, unless `denied` is given: then it too goes to the top of the form (`denied` when it
    carries no message of its own)."""
    try:
        sent = submit(form, call)
    except PermissionDenied as exc:
        if denied is None:
            raise
        form.add_error(None, str(exc) or denied)
        return None
    if not sent.done:
        return None
    messages.success(request, _says(success, sent.result))
    return redirect(then(sent.result) if callable(then) else then)


def act(request, call, success="", *, denied: str | None = None):
    """A button's action: `call()` (a service), its refusal (ValidationError) shown as a notice on the page the view
    redirects to, `success` (text, or a function of what the service returned) shown when it went through. A refusal
    by role (PermissionDenied) is a 403, unless `denied` is given (a button any viewer sees, its right decided by the
    service): then it too is a notice (`denied` when it carries no message of its own).

    What the service returned when it went through (True when it returns nothing), False when it was refused; a view
    redirects to the result (a started job) or back."""
    try:
        result = call()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    except PermissionDenied as exc:
        if denied is None:
            raise
        messages.error(request, str(exc) or denied)
        return False
    if success:
        messages.success(request, _says(success, result))
    return True if result is None else result


def _no_constraints(exclude=None) -> None:
    return None


class ServiceModelForm(forms.ModelForm):
    """A model form saved by a service that checks the model's database constraints itself.

    Django's model form validates the constraints on its own and, for a check or a conditional unique constraint,
    can only name it at the top of the form («Ограничение «agreement_end_after_start» нарушено.»), before the
    service is even called. The services check every constraint with a message next to its field (and run
    `full_clean` before saving), so this form leaves the constraints to them and validates everything else."""

    def _post_clean(self):
        instance = self.instance
        instance.validate_constraints = _no_constraints  # this instance only, for the form's validation
        try:
            super()._post_clean()
        finally:
            del instance.validate_constraints


def widen(form, *names: str) -> None:
    """Fields whose values are long (school and person names): the form grid gives them two columns."""
    for name in names:
        if name in form.fields:
            form.fields[name].wide = True


class KeptFileInput(forms.ClearableFileInput):
    """A file input that survives a rejected form: when the form is shown again with errors elsewhere, the file just
    sent (and found valid) is kept in the private storage (`core.uploads.keep_upload`) and the page carries its token
    in a hidden input, with a note that it need not be chosen again; sending the form without a new file brings it
    back. Bound to a form and its user by `keep_uploads`."""

    suffix = "__kept"

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.user, self.form, self.field_name = None, None, None

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        if value is None and self.user is not None and data.get(name + self.suffix):
            return kept_upload(data[name + self.suffix], user=self.user) or None
        return value

    def value_omitted_from_data(self, data, files, name):
        return super().value_omitted_from_data(data, files, name) and name + self.suffix not in data

    def _kept(self) -> tuple[str, str] | None:
        """(token, file name) of the file to keep, when the form was rejected for other fields only (a file field
        renders its stored file, not the upload: the upload is read from the form's cleaned data)."""
        form = self.form
        if form is None or self.user is None or not form.is_bound or not form.errors or self.field_name in form.errors:
            return None
        value = form.cleaned_data.get(self.field_name)
        if getattr(value, "kept_token", None):
            return value.kept_token, value.original_name
        if isinstance(value, UploadedFile):
            return keep_upload(value, user=self.user), value.name
        return None

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        kept = self._kept()
        if kept is None:
            return html
        token, filename = kept
        note = _("Файл «%(f)s» уже загружен и сохранится вместе с формой — выбирать его заново не нужно.") % {
            "f": filename}
        return format_html('{}<input type="hidden" name="{}" value="{}"><span class="helptext kept-file">{}</span>',
                           html, name + self.suffix, token, note)


def keep_uploads(form, user):
    """Every file field of the form keeps its upload across a rejection of the form (see KeptFileInput)."""
    for name, field in form.fields.items():
        if isinstance(field, forms.FileField):
            if not isinstance(field.widget, KeptFileInput):
                widget = KeptFileInput(attrs=field.widget.attrs)
                widget.is_required = field.widget.is_required
                field.widget = widget
            field.widget.user, field.widget.form, field.widget.field_name = user, form, name
    return form

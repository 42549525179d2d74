"""Errors a service raises after a form passed are shown next to their fields, like the form's own."""

from django.core.exceptions import ValidationError


def copy_errors(form, exc: ValidationError) -> None:
    """Field errors go to their fields (unknown fields and plain messages: to the top of the form)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)

"""What the services of the methodical work check alike: a period, an uploaded file, a partial change of fields."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.uploads import check_file


def period_problems(start, end) -> dict:
    """A period's errors at its fields: both dates given, the end not before the start."""
    errors = {}
    if start is None:
        errors["start"] = _("Укажите начало.")
    if end is None:
        errors["end"] = _("Укажите окончание.")
    elif start is not None and end < start:
        errors["end"] = _("Окончание не может быть раньше начала.")
    return errors


def past_day_problems(day, *, missing: str, future: str) -> dict:
    """A day of something already done (a diagnostic, a meeting): given, and not in the future."""
    if day is None:
        return {"date": missing}
    if day > timezone.localdate():
        return {"date": future}
    return {}


def file_problems(field: str, upload) -> dict:
    """An uploaded document's errors at its field (core.uploads.check_file); none without an upload."""
    if not upload:
        return {}
    try:
        check_file(upload)
    except ValidationError as exc:
        return {field: exc.messages}
    return {}


def assign(obj, data: dict, names) -> None:
    """The fields among `names` that `data` carries, set on `obj`: a partial change (the API's PATCH) keeps the rest."""
    for name in names:
        if name in data:
            setattr(obj, name, data[name])

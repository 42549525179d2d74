"""What every API view shares: pagination, and one mapping of the services' Django errors to DRF answers.

Services raise Django's `ValidationError` (field → messages) and `PermissionDenied`; the handler turns
them into 400 with the same field keys and 403, so viewsets call services without wrapping each call.

Pagination is strict: `page` and `page_size` are integers from 1 (a page size of at most 1000),
anything else is refused with 400 and a Russian message — `page_size=false` is an error, not the default; a page
past the end stays 404. The schema documents it (core.schema), schemathesis checks it (scripts/api_contract.sh).
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import exception_handler as drf_exception_handler


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 1000

    def _number(self, request, name: str, maximum: int | None = None) -> None:
        values = request.query_params.getlist(name)
        if not values:
            return
        if len(values) > 1:
            raise ValidationError({name: [_("Укажите параметр один раз.")]})
        raw = values[0]
        if not (raw.isascii() and raw.isdigit()) or len(raw) > 9 or int(raw) < 1:
            raise ValidationError({name: [_("Укажите целое число не меньше 1.")]})
        if maximum is not None and int(raw) > maximum:
            raise ValidationError({name: [_("Не больше %(n)s записей на странице.") % {"n": maximum}]})

    def paginate_queryset(self, queryset, request, view=None):
        """`page` and `page_size` as integers from 1, or 400 with the reason."""
        self._number(request, self.page_query_param)
        self._number(request, self.page_size_query_param, self.max_page_size)
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"] = {"type": "integer", "minimum": 1}
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
        return parameters


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    elif isinstance(exc, DjangoPermissionDenied) and exc.args:  # keep the service's own reason
        exc = PermissionDenied(str(exc))
    return drf_exception_handler(exc, context)


TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"


@extend_schema_field({"type": "string", "pattern": TIME_PATTERN, "example": "14:30"})
class LocalTimeField(serializers.TimeField):
    """A wall-clock time of a school's day without a zone ("14:30"). OpenAPI's format "time" (RFC 3339) demands an
    offset that a timetable does not have, so the schema states the pattern instead; seconds are accepted."""

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%H:%M")
        super().__init__(**kwargs)

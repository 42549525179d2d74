"""What every API view shares: pagination, and one mapping of the services' Django errors to DRF answers.

Services raise Django's `ValidationError` (field → messages) and `PermissionDenied`; the handler turns
them into 400 with the same field keys and 403, so viewsets call services without wrapping each call.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import exception_handler as drf_exception_handler


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 1000


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    elif isinstance(exc, DjangoPermissionDenied) and exc.args:  # keep the service's own reason
        exc = PermissionDenied(str(exc))
    return drf_exception_handler(exc, context)

"""Russian error pages also with DEBUG on (`make run`): no Django debug page reaches a user of the demo.

With DEBUG off Django itself calls the handlers in config/urls.py (core.errors); this middleware gives the same
pages with DEBUG on, where Django would show its technical 404 and 500 pages:
- an address that matches no page, `Http404` → 404; `PermissionDenied` → 403 with its Russian reason;
  `BadRequest` / `SuspiciousOperation` → 400;
- any other exception → the 500 page; the traceback goes to the log (logger `django.request`) as usual.
  A developer who wants Django's technical 500 page sets DEBUG_TECHNICAL_500=1 (settings).
Under /api/ DRF answers its own errors in JSON inside its views; what reaches here from there is answered in JSON.
It sits last in MIDDLEWARE, so sessions and the user are known and CommonMiddleware still adds a missing slash.
"""

from django.conf import settings
from django.core import signals
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control
from django.utils.log import log_response

from . import errors


class ErrorPagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.DEBUG:  # without DEBUG Django answers an unknown address with handler404 itself
            try:
                resolve(request.path_info, getattr(request, "urlconf", None))
            except Resolver404:
                return self._logged(request, errors.not_found(request), "Not Found")
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Http404):
            return self._logged(request, errors.not_found(request, exception), "Not Found")
        if isinstance(exception, PermissionDenied):
            return self._logged(request, errors.forbidden(request, exception), "Forbidden")
        if isinstance(exception, BadRequest | SuspiciousOperation):
            return self._logged(request, errors.bad_request(request, exception), "Bad Request")
        if not settings.DEBUG or settings.DEBUG_TECHNICAL_500:
            return None  # Django logs it and answers with handler500 (or, on request, its technical page)
        signals.got_request_exception.send(sender=None, request=request)
        return self._logged(request, errors.server_error(request), "Internal Server Error", exception)

    @staticmethod
    def _logged(request, response, message, exception=None):
        log_response("%s: %s", message, request.path, response=response, request=request, exception=exception)
        return response


class SecurityHeadersMiddleware:
    """Headers every answer carries:

    - Content-Security-Policy (settings.CONTENT_SECURITY_POLICY): scripts only from our own files — an injected
      `<script>` or `onclick=` does not run; Permissions-Policy: no camera, microphone, location, payment;
    - `Cache-Control: private, no-store` on every answer to a signed-in user (pages, private files, exports) and on the
      API (token requests are authenticated inside DRF, after this middleware has seen the request): a shared proxy or
      the browser's back button after sign-out never shows a user's data. Answers that already say `no-store` keep
      their own header; static files (whitenoise, earlier in the chain) keep theirs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        private = request.path.startswith("/api/") or (
            hasattr(request, "user") and request.user.is_authenticated)
        if private and "no-store" not in response.get("Cache-Control", ""):
            if response.has_header("Cache-Control"):
                del response["Cache-Control"]
            patch_cache_control(response, private=True, no_store=True)
        return response

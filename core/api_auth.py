"""The API's session sign-in. Its own module: DRF imports the authentication classes while `rest_framework.views`
loads, so this one must not import the views (core.api does)."""

import logging

from django.utils.translation import gettext as _
from rest_framework import authentication
from rest_framework.exceptions import PermissionDenied

logger = logging.getLogger("django.security.csrf")


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session sign-in with its CSRF refusal in Russian (DRF's own reads «CSRF Failed: CSRF cookie not set.»)."""

    def enforce_csrf(self, request):
        try:
            super().enforce_csrf(request)
        except PermissionDenied as exc:
            logger.warning("API %s %s: %s", request.method, request.path, exc.detail)  # DRF's reason, for admins
            raise PermissionDenied(_(
                "Запрос отклонён: нет действительного CSRF-токена сессии. Обновите страницу портала или "
                "обращайтесь к API с токеном (заголовок «Authorization: Token …»).")) from None

"""API token for scripts and integrations: e-mail and password → token (header `Authorization: Token …`).

Tokens are django-rest-knox tokens (accounts.tokens): one per device, expiring, revoked on «Мои токены API», on a
password change and when the account is switched off. A wrong password counts towards the sign-in lockout; two
throttles, counted in the shared cache, limit the attempts per client address (as the trusted proxies give it,
NUM_PROXIES — a client cannot pick its own by sending X-Forwarded-For) and per account."""

import hashlib

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import Throttled
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from . import tokens

LOCKED_OUT = _("Слишком много неудачных попыток входа. Попробуйте позже.")


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField(label=_("Электронная почта"))
    password = serializers.CharField(label=_("Пароль"), style={"input_type": "password"}, trim_whitespace=False)

    def validate(self, attrs):
        try:
            user = tokens.authenticate(self.context["request"]._request, email=attrs["email"],
                                       password=attrs["password"])
        except tokens.LockedOut:
            raise Throttled(detail=LOCKED_OUT) from None
        if user is None or not user.is_active:
            raise serializers.ValidationError(_("Неверная электронная почта или пароль."), code="authorization")
        attrs["user"] = user
        return attrs


class TokenAddressThrottle(SimpleRateThrottle):
    """Attempts per client address: REMOTE_ADDR, or the address the NUM_PROXIES trusted proxies put in
    X-Forwarded-For (DRF's get_ident), never the whole header a client may write itself."""

    scope = "token_address"
    rate = "20/min"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TokenAccountThrottle(SimpleRateThrottle):
    """Attempts per account, from any number of addresses."""

    scope = "token_account"
    rate = "10/min"

    def get_cache_key(self, request, view):
        email = request.data.get("email") if hasattr(request.data, "get") else None
        if not isinstance(email, str) or not email.strip():
            return None
        ident = hashlib.sha256(email.strip().lower().encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": ident}


class ObtainTokenView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [TokenAddressThrottle, TokenAccountThrottle]

    @extend_schema(request=TokenRequestSerializer,
                   responses={200: inline_serializer("TokenResponse", {
                       "token": serializers.CharField(), "expiry": serializers.DateTimeField()}),
                       400: OpenApiResponse(description="Неверная электронная почта или пароль."),
                       429: OpenApiResponse(description="Слишком много попыток: вход временно закрыт.")},
                   description="Получить токен API по электронной почте и паролю. Токен действует ограниченное "
                               "время (поле expiry), отзывается на странице «Мои токены API», при смене пароля и "
                               "отключении учётной записи.")
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        instance, token = tokens.issue_token(serializer.validated_data["user"])
        return Response({"token": token, "expiry": instance.expiry})

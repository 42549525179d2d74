"""The API schema's side of the contract: the schema says what the API does.

Kept apart from core.api: DRF loads core.api's pagination while drf-spectacular is still importing DRF.
- `PortalAutoSchema`: a field that can answer null is nullable — `allow_null`, or a read-only field whose default is
  None (its source passes through an optional relation: a municipal roadmap's school, an activity's risk factor);
- `add_error_responses` (a post-processing hook): every operation documents the error answers the API gives
  (400 with field → messages, 401 with its `WWW-Authenticate: Token` challenge, 403, 404, 414, 429 with `detail`).
"""

from drf_spectacular.authentication import SessionScheme
from drf_spectacular.openapi import AutoSchema
from rest_framework.fields import empty

ERRORS = {
    "400": "Запрос отклонён: ошибки по полям (поле → сообщения) или по параметрам запроса.",
    "401": "Нет учётных данных, или токен недействителен либо истёк.",
    "403": "Нет прав на это действие.",
    "404": "Объект не найден или не виден пользователю; страница за пределами списка.",
    "414": "Адрес запроса слишком длинный (ограничение сервера приложений).",
    "429": "Слишком много запросов: повторите позже.",
}


class PortalSessionScheme(SessionScheme):
    """The session sign-in of core.api_auth is DRF's (a cookie), only its CSRF refusal is in Russian."""

    target_class = "core.api_auth.SessionAuthentication"


class PortalAutoSchema(AutoSchema):
    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        default = getattr(field, "default", empty)
        can_be_null = getattr(field, "allow_null", False) or (field.read_only and default is None)
        if can_be_null and isinstance(schema, dict) and "$ref" not in schema:
            schema["nullable"] = True
        return schema


def add_error_responses(result, generator, request, public):
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["ErrorDetail"] = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}
    schemas["ValidationErrors"] = {"oneOf": [
        {"type": "object", "additionalProperties": {}},
        {"type": "array", "items": {"type": "string"}},
    ]}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for code, description in ERRORS.items():
                body = "ValidationErrors" if code == "400" else "ErrorDetail"
                content = {"application/json": {"schema": {"$ref": f"#/components/schemas/{body}"}}}
                if code == "414":  # answered by gunicorn before Django, as a page
                    content = {"text/html": {"schema": {"type": "string"}}}
                response = {"description": description, "content": content}
                if code == "401":  # knox comes first in DEFAULT_AUTHENTICATION_CLASSES: its challenge is the answer's
                    response["headers"] = {"WWW-Authenticate": {
                        "description": "Схема входа: Token (заголовок Authorization: Token …).",
                        "schema": {"type": "string", "example": "Token"}}}
                responses.setdefault(code, response)
    return result

"""The REST API: one NinjaAPI, with a router per domain app (its api.py exposes `router`).

Auth: a personal token (Authorization: Bearer zz_...) or the browser session (with CSRF).
Errors are field-level and translated; nothing is written when validation fails.
"""

from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from ninja.security import APIKeyHeader, HttpBearer, django_auth

from zorgzaam.accounts.services import user_for_token
from zorgzaam.core.api_errors import field_of as _field_of
from zorgzaam.core.api_errors import translated_message as _translated_message


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is not None:
            request.user = user
            request.api_via = "api"
        return user


# Every refusal answers {"detail", "errors"?} with one of these codes (see the handlers below); the
# schema documents them on every operation (int keys, as ninja writes its own) so that clients and the
# API fuzz test (zorgzaam/tests/test_api_fuzz.py) know what to expect.
ERROR_RESPONSES = {
    400: "The request body is not valid JSON.",
    401: "Not authenticated: log in or send a valid API token.",
    403: "Not allowed for this user.",
    404: "Not found, or not visible to this user.",
    409: "Conflicts with the current state.",
    422: "Invalid input; field-level errors.",
}
ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": ["string", "null"]}, "message": {"type": "string"}},
                "required": ["field", "message"],
            },
        },
    },
    "required": ["detail"],
}


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


class NoNulParser(Parser):
    """PostgreSQL text cannot hold NUL (U+0000): refused here, for every app, instead of a 500 there.
    In a JSON body it is a 400 (ninja's unreadable body), in the query string a 422."""

    def parse_body(self, request):
        data = super().parse_body(request)
        if _has_nul(data):
            raise ValueError("NUL character in the body")
        return data

    def parse_querydict(self, data, list_fields, request):
        result = super().parse_querydict(data, list_fields, request)
        if _has_nul(result):
            raise ValidationError(_("This value is not valid."))
        return result


class ZorgzaamAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        for item in schema["paths"].values():
            for operation in item.values():
                for code, text in ERROR_RESPONSES.items():
                    operation["responses"].setdefault(code, {"description": text, **ref})
        return schema


class AccessibleSwagger(Swagger):
    """/api/docs in our template: ninja's page has no lang attribute (axe: serious, issue 13 item 10)."""

    template = "core/api_docs.html"


api = ZorgzaamAPI(
    docs=AccessibleSwagger(),
    title="Zorgzaam API",
    version="1",
    description="Caring-neighbourhood workbench. Every endpoint applies the same permission rules as the UI.",
    auth=[TokenAuth(), django_auth],
    parser=NoNulParser(),
    urls_namespace="api",
)


def _errors_from(exc: ValidationError) -> list[dict]:
    if hasattr(exc, "error_dict"):
        return [{"field": f, "message": str(m)} for f, msgs in exc.message_dict.items() for m in msgs]
    return [{"field": None, "message": str(m)} for m in exc.messages]


@api.exception_handler(ValidationError)
def django_validation_error(request, exc):
    return api.create_response(
        request, {"detail": _("Invalid input."), "errors": _errors_from(exc)}, status=422
    )


@api.exception_handler(NinjaValidationError)
def ninja_validation_error(request, exc):
    errors = [{"field": _field_of(e.get("loc", [])), "message": _translated_message(e)} for e in exc.errors]
    return api.create_response(request, {"detail": _("Invalid input."), "errors": errors}, status=422)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return api.create_response(
        request, {"detail": str(exc) or _("You do not have access to this.")}, status=403
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(HttpError)
def http_error(request, exc):
    # ninja raises HttpError(400) for a body that is not JSON; say it in the user's language.
    detail = (
        _("The request body is not valid JSON of the expected shape.") if exc.status_code == 400 else str(exc)
    )
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@api.exception_handler(AuthenticationError)
def unauthorized(request, exc):
    return api.create_response(request, {"detail": _("Log in or send a valid API token.")}, status=401)


for app in settings.ZORGZAAM_APPS:
    if find_spec(f"{app}.api") is None:
        continue
    module = import_module(f"{app}.api")
    router = getattr(module, "router", None)
    if router is not None:
        api.add_router(f"/{app.rsplit('.', 1)[-1]}/", router)

__all__ = ["api", "APIKeyHeader"]

"""Field-level, translated messages for API validation errors (pydantic speaks English only)."""

from django.utils.translation import gettext as _


def translated_message(error: dict) -> str:
    """Pydantic's messages are English only; say the common cases in the user's language."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind == "string_too_short":
        return _("Enter at least %(n)s characters.") % {"n": ctx.get("min_length", 1)}
    if kind == "string_too_long":
        return _("Enter at most %(n)s characters.") % {"n": ctx.get("max_length", "")}
    if kind in (
        "int_parsing",
        "float_parsing",
        "int_type",
        "float_type",
        "int_from_float",
        "decimal_parsing",
    ):
        return _("Enter a number.")
    if kind in ("greater_than_equal", "greater_than"):
        return _("Enter a value of at least %(n)s.") % {"n": ctx.get("ge", ctx.get("gt", ""))}
    if kind in ("less_than_equal", "less_than"):
        return _("Enter a value of at most %(n)s.") % {"n": ctx.get("le", ctx.get("lt", ""))}
    if kind in ("bool_parsing", "bool_type"):
        return _("Enter true or false.")
    if kind in (
        "date_parsing",
        "date_from_datetime_parsing",
        "datetime_parsing",
        "datetime_from_date_parsing",
    ):
        return _("Enter a valid date.")
    if kind in ("json_invalid", "model_attributes_type", "dict_type", "model_type"):
        return _("The request body is not valid JSON of the expected shape.")
    if kind in ("literal_error", "enum"):
        return _("Choose one of: %(choices)s.") % {"choices": ctx.get("expected", "")}
    if kind in ("list_type", "string_type"):
        return _("This value has the wrong type.")
    return _("This value is not valid.")


def field_of(loc) -> str | None:
    # ("body", "payload", "first_name") -> "first_name"; ("query", "area") -> "area"
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "cookie", "form"):
        parts = parts[1:]
        if len(parts) > 1 and parts[0] in ("payload", "filters", "data"):
            parts = parts[1:]
    return ".".join(parts) or None

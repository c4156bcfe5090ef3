"""The messages of the API's 422 answers in the active language: pydantic's English `msg` replaced by a message
per error type (`type`, `loc` and `ctx` are kept, so a client can still act on them)."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "missing": _("This parameter is required."),
    "int_parsing": _("Give a whole number."),
    "int_type": _("Give a whole number."),
    "greater_than_equal": _("Give a number of at least %(ge)s."),
    "less_than_equal": _("Give a number of at most %(le)s."),
    "greater_than": _("Give a number greater than %(gt)s."),
    "less_than": _("Give a number less than %(lt)s."),
    "string_pattern_mismatch": _("This value does not have the expected form (%(pattern)s)."),
    "literal_error": _("Choose one of: %(expected)s."),
    "enum": _("Choose one of: %(expected)s."),
}


def translated_errors(errors: list[dict]) -> list[dict]:
    return [{**error, "msg": _message(error)} for error in errors]


def _message(error: dict) -> str:
    message = MESSAGES.get(error.get("type"))
    if message is None:
        return gettext("This value is not valid.")
    try:
        return str(message) % {key: str(value) for key, value in (error.get("ctx") or {}).items()}
    except (KeyError, TypeError, ValueError):
        return gettext("This value is not valid.")

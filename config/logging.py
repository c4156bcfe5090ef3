"""Structured logging: one JSON object per line on stdout, with no personal data.

Every record becomes ``{"time", "level", "logger", "message", ...}``. Messages are scrubbed of e-mail addresses
(the only personal data that tends to slip into exception texts, e.g. an IntegrityError on a contact e-mail).
Request records carry the method, the path without its query string and the status code; gunicorn's access log
is reduced to the same fields plus the duration, never the client address, user agent, referrer or query string.
"""

import datetime
import json
import logging
import re
import traceback

EMAIL_PATTERN = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
REDACTED_EMAIL = "<e-mail>"


def redact(text: str) -> str:
    return EMAIL_PATTERN.sub(REDACTED_EMAIL, text)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
        }
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            entry.update(self._access_fields(record.args))
        else:
            entry["message"] = redact(record.getMessage())
            entry.update(self._request_fields(record))
        if record.exc_info:
            exc_type, exc_value, exc_tb = record.exc_info
            entry["exception"] = exc_type.__name__ if exc_type else None
            entry["traceback"] = redact("".join(traceback.format_exception(exc_type, exc_value, exc_tb)))
        return json.dumps(entry, ensure_ascii=False, default=str)

    @staticmethod
    def _access_fields(atoms: dict) -> dict:
        status = atoms.get("s")
        return {
            "message": "request",
            "method": atoms.get("m"),
            "path": atoms.get("U"),
            "status": int(status) if str(status).isdigit() else status,
            "bytes": atoms.get("B"),
            "duration_ms": atoms.get("M"),
        }

    @staticmethod
    def _request_fields(record: logging.LogRecord) -> dict:
        fields = {}
        status_code = getattr(record, "status_code", None)
        if status_code is not None:
            fields["status"] = status_code
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "method"):
            fields["method"] = request.method
            fields["path"] = request.path
        return fields


def logging_config(*, level: str = "INFO") -> dict:
    """The LOGGING setting; gunicorn.conf.py reuses it so that its own logs are JSON as well."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {
            "stdout": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"},
        },
        "root": {"handlers": ["stdout"], "level": level},
        "loggers": {
            # Django's own default handlers (console when DEBUG, mail_admins) are replaced by the JSON stdout one.
            "django": {"handlers": ["stdout"], "level": level, "propagate": False},
            "gunicorn.error": {"handlers": ["stdout"], "level": level, "propagate": False},
            "gunicorn.access": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
            # Django routes Python warnings here (logging.captureWarnings): JSON too, in every environment.
            "py.warnings": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
        },
    }

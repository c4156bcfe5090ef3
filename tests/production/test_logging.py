"""Structured logs on stdout, and no personal data in them."""

import io
import json
import logging
import sys

import pytest

from config.logging import JsonFormatter, logging_config
from tests.factories import UserFactory


@pytest.fixture
def json_log():
    """Everything logged during the test, formatted by the production formatter, one JSON document per line."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    loggers = [logging.getLogger(name) for name in ("django", "axes", "django.request")]
    for logger in loggers:
        logger.addHandler(handler)
    yield stream
    root.removeHandler(handler)
    root.setLevel(old_level)
    for logger in loggers:
        logger.removeHandler(handler)


def lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


class TestJsonFormatter:
    def test_one_json_object_per_record(self):
        record = logging.LogRecord("grants", logging.INFO, __file__, 1, "Award %s decided", (42,), None)
        entry = json.loads(JsonFormatter().format(record))
        assert entry["level"] == "INFO"
        assert entry["logger"] == "grants"
        assert entry["message"] == "Award 42 decided"
        assert entry["time"].endswith("+00:00")

    def test_email_addresses_are_redacted(self):
        message = 'duplicate key value violates unique constraint: Key (email)=(an.contact@academie.be) exists'
        record = logging.LogRecord("django.db", logging.ERROR, __file__, 1, message, (), None)
        entry = json.loads(JsonFormatter().format(record))
        assert "an.contact" not in entry["message"]
        assert "(email)=(<e-mail>)" in entry["message"]

    def test_gunicorn_access_log_keeps_no_client_data(self):
        atoms = {
            "h": "203.0.113.9", "a": "Mozilla/5.0 (Secret)", "u": "jan", "q": "email=jan@example.org",
            "m": "GET", "U": "/rapporten/", "s": "200", "B": 512, "M": 12, "f": "https://elsewhere.example/",
        }
        record = logging.LogRecord("gunicorn.access", logging.INFO, __file__, 1, "%(h)s %(r)s", (), None)
        record.args = atoms
        text = JsonFormatter().format(record)
        assert json.loads(text) | {"time": None} == {
            "time": None, "level": "INFO", "logger": "gunicorn.access", "message": "request",
            "method": "GET", "path": "/rapporten/", "status": 200, "bytes": 512, "duration_ms": 12,
        }
        for secret in ("203.0.113.9", "Mozilla", "jan", "elsewhere"):
            assert secret not in text

    def test_exceptions_are_one_line_with_the_traceback_inside(self):
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), None)
        try:
            raise ValueError("for contact piet@example.org")
        except ValueError:
            record.exc_info = sys.exc_info()
        text = JsonFormatter().format(record)
        assert "\n" not in text
        entry = json.loads(text)
        assert entry["exception"] == "ValueError"
        assert "piet@example.org" not in entry["traceback"]

    def test_settings_log_json_to_stdout(self, settings):
        assert settings.LOGGING["formatters"] == logging_config()["formatters"] == {"json": {"()": JsonFormatter}}
        assert settings.LOGGING["handlers"]["stdout"]["stream"] == "ext://sys.stdout"


@pytest.mark.django_db
class TestNoPersonalDataInLogs:
    def test_failed_logins_log_neither_username_nor_address(self, client, settings, json_log):
        settings.AXES_ENABLED = True
        UserFactory(username="an.peeters@academie.be")
        client.post(
            "/account/login/",
            {"username": "an.peeters@academie.be", "password": "wrong"},
            REMOTE_ADDR="198.51.100.23",
            HTTP_USER_AGENT="Browser-of-An",
        )
        output = json_log.getvalue()
        assert output, "expected axes to log the failed login"
        for personal in ("an.peeters", "academie.be", "198.51.100.23", "Browser-of-An"):
            assert personal not in output
        assert all(entry["level"] for entry in lines(json_log))

    def test_request_logs_carry_the_path_without_the_query_string(self, client, json_log):
        client.get("/no-such-page/?email=jan@example.org")
        not_found = [entry for entry in lines(json_log) if entry["logger"] == "django.request"]
        assert not_found and not_found[-1]["status"] == 404
        assert not_found[-1]["path"] == "/no-such-page/"
        assert "jan@example.org" not in json_log.getvalue()

"""The address that absolute links in e-mails start with.

`settings.PORTAL_BASE_URL` when set (production, behind a proxy; commands run outside a request); otherwise the
scheme, host and port of the request being served, so links follow whatever port `runserver` or gunicorn uses."""

from contextvars import ContextVar

from django.conf import settings

_request_base_url: ContextVar[str | None] = ContextVar("request_base_url", default=None)
FALLBACK_BASE_URL = "http://localhost"


class RequestBaseUrlMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_base_url.set(request.build_absolute_uri("/").rstrip("/"))
        try:
            return self.get_response(request)
        finally:
            _request_base_url.reset(token)


def base_url() -> str:
    return (settings.PORTAL_BASE_URL or _request_base_url.get() or FALLBACK_BASE_URL).rstrip("/")

import logging

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from grants.rules import is_vlaio_staff

logger = logging.getLogger(__name__)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Staff land on their dashboard, academy contacts on the portal."""
    if is_vlaio_staff(request.user):
        return redirect("grants:staff-dashboard")
    return redirect("grants:portal-dashboard")


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """For the load balancer: 200 when this instance can run a query, 503 otherwise (no details to the caller)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - any database failure means unhealthy
        logger.error("Health check failed: database unavailable (%s)", type(error).__name__)
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """The accessibility statement (toegankelijkheidsverklaring) that Flemish public-sector sites publish; one
    template per language because it is a legal text, not a set of interface strings."""
    language = "en" if (get_language() or "nl").startswith("en") else "nl"
    return render(request, f"pages/accessibility_{language}.html")

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from config.health import database_problems
from grants.rules import is_vlaio_staff


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Staff land on their dashboard, academy contacts on the portal."""
    if is_vlaio_staff(request.user):
        return redirect("grants:staff-dashboard")
    return redirect("grants:portal-dashboard")


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """For the load balancer: 200 {"status": "ok"} when this instance can run a query and the database has every
    migration of this code; 503 otherwise, saying which ({"database": "unavailable"} or {"migrations": "pending"})
    and nothing more (config.health)."""
    problems = database_problems()
    if problems:
        return JsonResponse({"status": "error", **problems}, status=503)
    return JsonResponse({"status": "ok"})


@require_safe
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """The accessibility statement (toegankelijkheidsverklaring) that Flemish public-sector sites publish; one
    template per language because it is a legal text, not a set of interface strings."""
    language = "en" if (get_language() or "nl").startswith("en") else "nl"
    return render(request, f"pages/accessibility_{language}.html")

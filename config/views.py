from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache


def is_staff_user(user) -> bool:
    return user.is_authenticated and user.is_staff


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Staff land on their dashboard, academy contacts on the portal."""
    if is_staff_user(request.user):
        return redirect("grants:staff-dashboard")
    return redirect("grants:portal-dashboard")


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})

import logging
import posixpath

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.db import connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from grants.downloads import attachment_response
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


@login_required
def media(request: HttpRequest, path: str) -> FileResponse:
    """Development only (wired when DEBUG): uploads from the default storage, as downloads."""
    path = posixpath.normpath(path).lstrip("/")
    if path.startswith("..") or not default_storage.exists(path):
        raise Http404
    return attachment_response(default_storage.open(path, "rb"), posixpath.basename(path))

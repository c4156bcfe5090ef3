from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.mail import send_mail
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from config.forms import AccessibilityFeedbackForm
from config.health import database_problems
from grants.groups import MANAGER_GROUP
from grants.rules import is_vlaio_staff
from identity.proxies import client_address
from identity.rate_limits import RateLimited, rate_limit


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


@require_http_methods(["GET", "POST"])
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """The accessibility statement (toegankelijkheidsverklaring) that Flemish public-sector sites publish, one
    template per language because it is a legal text, with its feedback form: a reported problem is e-mailed to
    ACCESSIBILITY_FEEDBACK_EMAIL, or to the active VLAIO managers when that is not set."""
    language = "en" if (get_language() or "nl").startswith("en") else "nl"
    form = AccessibilityFeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not _feedback_limited(request, form):
        send_mail(subject=_("Accessibility feedback"), from_email=None, recipient_list=feedback_recipients(),
                  message=_("Reported on the accessibility statement (reply to: %(email)s):\n\n%(message)s") % {
                      "email": form.cleaned_data["email"] or "-", "message": form.cleaned_data["message"]})
        messages.success(request, _("Thank you: your report has been sent to VLAIO."))
        return redirect("accessibility")
    status = 429 if form.has_error(NON_FIELD_ERRORS, "rate_limited") else 400 if form.is_bound else 200
    return render(request, f"pages/accessibility_{language}.html", {"form": form}, status=status)


def _feedback_limited(request: HttpRequest, form: AccessibilityFeedbackForm) -> bool:
    """True (with the reason on the form) when this client, or everyone, sent too many reports in the last hour
    (ACCESSIBILITY_FEEDBACK_LIMIT_PER_CLIENT, ACCESSIBILITY_FEEDBACK_LIMIT_OVERALL)."""
    try:
        rate_limit(action="accessibility-feedback", client_address=client_address(request),
                   per_client=settings.ACCESSIBILITY_FEEDBACK_LIMIT_PER_CLIENT,
                   overall=settings.ACCESSIBILITY_FEEDBACK_LIMIT_OVERALL)
    except RateLimited:
        form.add_error(None, ValidationError(_(
            "Too many reports have been sent in the last hour. Please try again later, or write to VLAIO by "
            "e-mail."), code="rate_limited"))
        return True
    return False


def feedback_recipients() -> list[str]:
    if settings.ACCESSIBILITY_FEEDBACK_EMAIL:
        return settings.ACCESSIBILITY_FEEDBACK_EMAIL
    managers = get_user_model().objects.filter(groups__name=MANAGER_GROUP, is_active=True).exclude(email="")
    return sorted(set(managers.values_list("email", flat=True))) or [settings.DEFAULT_FROM_EMAIL]

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from academies.models import Academy
from grants.models import Application, Call


@login_required
def portal_dashboard(request: HttpRequest) -> HttpResponse:
    academies = Academy.objects.for_user(request.user)
    applications = Application.objects.for_user(request.user).for_table()
    return render(request, "grants/portal_dashboard.html", {"academies": academies, "applications": applications})


@staff_member_required
def staff_dashboard(request: HttpRequest) -> HttpResponse:
    calls = Call.objects.with_awarded_amount().order_by("-year", "code")[:20]
    return render(request, "grants/staff_dashboard.html", {"calls": calls})

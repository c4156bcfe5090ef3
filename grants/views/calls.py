"""Staff pages to create and change calls (/beheer/oproepen/), outside the admin and with its rules."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from grants import selectors, services
from grants.forms import CallForm
from grants.models import Call
from grants.views.common import add_errors
from grants.views.staff import staff_required


def edit_call(request: HttpRequest, call: Call) -> HttpResponse:
    form = CallForm(request.POST or None, instance=call)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_save(call=form.save(commit=False), saved_by=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The call %(call)s has been saved.") % {"call": call})
            return redirect("grants:staff-dashboard")
    return render(request, "grants/staff_call_form.html", {"form": form, "call": call})


@staff_required
def staff_call_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("grants.add_call"):
        raise PermissionDenied
    return edit_call(request, Call())


@staff_required
def staff_call_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("grants.change_call"):
        raise PermissionDenied
    return edit_call(request, get_object_or_404(selectors.calls(), pk=pk))

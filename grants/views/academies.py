"""The staff page of an academy: who it is, its recognitions and awards, and (managers only: it names people's
addresses) its contact log, with a way to record a bounced address."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grants import mail, selectors
from grants.tables import ContactLogTable
from grants.views.staff import staff_required


class BounceForm(forms.Form):
    address = forms.EmailField(label=gettext_lazy("Address that bounced"))


@staff_required
def staff_academy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    academy = get_object_or_404(selectors.academies_for_staff(), pk=pk)
    personal = request.user.has_perm("grants.view_personal_data")
    page = selectors.academy_page(academy=academy, personal=personal)
    may_record_bounce = request.user.has_perm("grants.change_sentemail") and personal
    return render(request, "grants/staff_academy_detail.html", {
        "academy": academy, "show_personal_data": personal, **page,
        "log_table": ContactLogTable(page["log"], may_record_bounce=may_record_bounce),
        "bounce_form": BounceForm(),
    })


@staff_required
def staff_academy_bounce(request: HttpRequest, pk: int, email_pk: int) -> HttpResponse:
    if not (request.user.has_perm("grants.change_sentemail") and request.user.has_perm("grants.view_personal_data")):
        raise PermissionDenied
    entry = get_object_or_404(selectors.sent_email_of(academy_id=pk), pk=email_pk)
    if request.method == "POST":
        form = BounceForm(request.POST)
        if form.is_valid() and form.cleaned_data["address"].lower() in {r.lower() for r in entry.recipients}:
            mail.record_bounce(address=form.cleaned_data["address"], entry=entry, recorded_by=request.user)
            messages.success(request, _("The bounce of %(address)s has been recorded.")
                             % {"address": form.cleaned_data["address"]})
        else:
            messages.error(request, _("That address was not a recipient of this e-mail."))
    return redirect("grants:staff-academy-detail", pk=pk)

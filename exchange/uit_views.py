"""The staff button: fetch a year's events from the UiTdatabank Search API now, and see the recent snapshots."""

from django import forms
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from academies.models import UitSnapshot
from exchange.errors import ImportFailed
from exchange.uit_search import UitSearchError, fetch_year, is_configured

RECENT_SNAPSHOTS = 20


class FetchForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2015, max_value=2100)


@staff_member_required
@permission_required("academies.import_event", raise_exception=True)
def uit_fetch(request):
    form = FetchForm(request.POST or None, initial={"year": timezone.localdate().year - 1})
    if request.method == "POST" and is_configured() and form.is_valid():
        try:
            snapshot = fetch_year(year=form.cleaned_data["year"], user=request.user)
        except UitSearchError as error:
            messages.error(request, str(error))
        except ImportFailed as error:
            messages.error(request, "; ".join(error.messages))
        else:
            messages.success(request, _("UiTdatabank %(year)s: %(total)s events, %(labelled)s with the label.") % {
                "year": snapshot.year, "total": snapshot.total_events, "labelled": snapshot.labelled_events})
            return redirect("exchange:uit-fetch")
    return TemplateResponse(request, "exchange/uit_fetch.html", {
        "form": form, "configured": is_configured(), "title": _("Fetch events from UiTdatabank"),
        "snapshots": UitSnapshot.objects.select_related("fetched_by")[:RECENT_SNAPSHOTS],
    })

"""The report filters: year, province, call kind, organisation type, and the municipalities to count on.

The report selectors read several models at once and return figures, not a QuerySet, so the filters are plain
Django forms (a django-filter FilterSet needs a QuerySet to filter). `selector_kwargs()` hands the cleaned values to
a selector; a value that does not validate is left out.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from academies.models import OrganisationType, Province
from grants.models import CallKind
from reports.maps import Measure

BASIS_OWN = "own"
BASIS_TODAY = "today"


class ReportFilterForm(forms.Form):
    year = forms.ChoiceField(label=_("Year"), required=False)
    province = forms.ModelChoiceField(label=_("Province"), queryset=Province.objects.all(), required=False,
                                      empty_label=_("All of Flanders"))
    call_kind = forms.ChoiceField(label=_("Call kind"), required=False,
                                  choices=[("", _("All calls")), *CallKind.choices])
    organisation_type = forms.ChoiceField(label=_("Organisation type"), required=False,
                                          choices=[("", _("All organisation types")), *OrganisationType.choices])
    basis = forms.ChoiceField(
        label=_("Municipalities"), required=False,
        choices=[(BASIS_OWN, _("of that year")), (BASIS_TODAY, _("today's (merged ones mapped to their successor)"))])

    uses = ("year", "province", "call_kind", "organisation_type", "basis")
    defaults = {"basis": BASIS_OWN}

    def __init__(self, data=None, *, years=(), default_year=None):
        data = data.copy() if data is not None else {}
        if default_year is not None and not data.get("year"):
            data["year"] = str(default_year)
        for name, value in self.defaults.items():
            data.setdefault(name, value)
        super().__init__(data)
        self.default_year = default_year
        for name in list(self.fields):
            if name not in self.uses:
                del self.fields[name]
        if "year" in self.fields:
            self.fields["year"].choices = ([(str(year), str(year)) for year in years]
                                           or [(str(default_year), str(default_year))])
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select form-select-sm")

    def valid_data(self) -> dict:
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if name not in self.errors}

    def selector_kwargs(self) -> dict:
        """Cleaned values as selector keyword arguments; the year falls back to the default year."""
        cleaned = self.valid_data()
        kwargs = {}
        if "year" in self.fields:
            kwargs["year"] = int(cleaned.get("year") or self.default_year)
        if "province" in self.fields and cleaned.get("province"):
            kwargs["province"] = cleaned["province"].nis_code
        if "call_kind" in self.fields and cleaned.get("call_kind"):
            kwargs["call_kind"] = cleaned["call_kind"]
        if "organisation_type" in self.fields and cleaned.get("organisation_type"):
            kwargs["organisation_type"] = cleaned["organisation_type"]
        if "basis" in self.fields:
            kwargs["today"] = cleaned.get("basis") == BASIS_TODAY
        return kwargs


class ProvinceReachFilterForm(ReportFilterForm):
    uses = ("year", "call_kind", "organisation_type", "basis")


class ParticipationFilterForm(ReportFilterForm):
    uses = ("year", "call_kind", "organisation_type")


class MoneyFilterForm(ReportFilterForm):
    uses = ("call_kind",)


class TrendFilterForm(ReportFilterForm):
    uses = ("call_kind", "organisation_type", "basis")


class MapFilterForm(ReportFilterForm):
    measure = forms.ChoiceField(label=_("Measure"), choices=Measure.CHOICES, required=False)
    uses = ("year", "province", "measure", "call_kind", "organisation_type")
    defaults = {"basis": BASIS_OWN, "measure": Measure.CONFIRMED}

    def selector_kwargs(self) -> dict:
        kwargs = super().selector_kwargs()
        kwargs["measure"] = self.valid_data().get("measure") or Measure.CONFIRMED
        return kwargs


class ResearchReportForm(forms.Form):
    """The research report of a year's answer: a title and a PDF (checked by `research_report_save`)."""

    title = forms.CharField(label=_("Title"), max_length=200,
                            initial=_("Research report on the impact of the STEM-academies"))
    file = forms.FileField(label=_("PDF file"), widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}))

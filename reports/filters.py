"""The report filters: year, province, call kind, organisation type, and the municipalities to count on.

The report selectors work on several models at once, so these FilterSets are used for their forms (validation,
rendering, labels) and `selector_kwargs()` hands the cleaned values to a selector; `.qs` is not used.
"""

import django_filters
from django.utils.translation import gettext_lazy as _

from academies.models import Municipality, OrganisationType, Province
from grants.models import CallKind
from reports.maps import Measure

BASIS_OWN = "own"
BASIS_TODAY = "today"


class ReportFilterSet(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(label=_("Year"), method="keep", empty_label=None)
    province = django_filters.ModelChoiceFilter(label=_("Province"), queryset=Province.objects.all(),
                                                empty_label=_("All of Flanders"), method="keep")
    call_kind = django_filters.ChoiceFilter(label=_("Call kind"), choices=CallKind.choices,
                                            empty_label=_("All calls"), method="keep")
    organisation_type = django_filters.ChoiceFilter(label=_("Organisation type"), choices=OrganisationType.choices,
                                                    empty_label=_("All organisation types"), method="keep")
    basis = django_filters.ChoiceFilter(
        label=_("Municipalities"), method="keep", empty_label=None,
        choices=[(BASIS_OWN, _("of that year")), (BASIS_TODAY, _("today's (merged ones mapped to their successor)"))])

    uses = ("year", "province", "call_kind", "organisation_type", "basis")

    class Meta:
        model = Municipality
        fields = []

    def __init__(self, data=None, *args, years=(), default_year=None, **kwargs):
        data = data.copy() if data is not None else {}
        if default_year is not None and not data.get("year"):
            data["year"] = str(default_year)
        data.setdefault("basis", BASIS_OWN)
        super().__init__(data, *args, queryset=Municipality.objects.none(), **kwargs)
        self.default_year = default_year
        choices = [(str(year), str(year)) for year in years] or [(str(default_year), str(default_year))]
        self.filters["year"].extra["choices"] = choices
        for name in list(self.filters):
            if name not in self.uses:
                del self.filters[name]

    @property
    def form(self):
        form = super().form
        for bound_field in form:
            bound_field.field.widget.attrs.setdefault("class", "form-select form-select-sm")
        return form

    def keep(self, queryset, name, value):
        return queryset

    def selector_kwargs(self) -> dict:
        """Cleaned values as selector keyword arguments; a value that does not validate is left out (the year falls
        back to the default year)."""
        form = self.form
        form.is_valid()
        cleaned = {name: value for name, value in form.cleaned_data.items() if name not in form.errors}
        kwargs = {}
        if "year" in self.filters:
            kwargs["year"] = int(cleaned.get("year") or self.default_year)
        if "province" in self.filters and cleaned.get("province"):
            kwargs["province"] = cleaned["province"].nis_code
        if "call_kind" in self.filters and cleaned.get("call_kind"):
            kwargs["call_kind"] = cleaned["call_kind"]
        if "organisation_type" in self.filters and cleaned.get("organisation_type"):
            kwargs["organisation_type"] = cleaned["organisation_type"]
        if "basis" in self.filters:
            kwargs["today"] = cleaned.get("basis") == BASIS_TODAY
        return kwargs


class ProvinceReachFilterSet(ReportFilterSet):
    uses = ("year", "call_kind", "organisation_type", "basis")


class ParticipationFilterSet(ReportFilterSet):
    uses = ("year", "call_kind", "organisation_type")


class MoneyFilterSet(ReportFilterSet):
    uses = ("call_kind",)


class TrendFilterSet(ReportFilterSet):
    uses = ("call_kind", "organisation_type", "basis")


class MapFilterSet(ReportFilterSet):
    measure = django_filters.ChoiceFilter(label=_("Measure"), choices=Measure.CHOICES, method="keep",
                                          empty_label=None)
    uses = ("year", "province", "measure", "call_kind", "organisation_type")

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("measure", Measure.CONFIRMED)
        super().__init__(data, *args, **kwargs)

    def selector_kwargs(self) -> dict:
        kwargs = super().selector_kwargs()
        form = self.form
        kwargs["measure"] = Measure.CONFIRMED if "measure" in form.errors else (
            form.cleaned_data.get("measure") or Measure.CONFIRMED)
        return kwargs


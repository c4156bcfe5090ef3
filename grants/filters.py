import django_filters
from django.utils.translation import gettext_lazy as _

from grants.models import Application, ApplicationStatus, Call, FinalReport, FinalReportStatus


class ApplicationFilter(django_filters.FilterSet):
    """Filters on the staff list of applications."""

    call = django_filters.ModelChoiceFilter(queryset=Call.objects.all(), label=_("Call"))
    year = django_filters.NumberFilter(field_name="call__year", label=_("Year"))
    status = django_filters.ChoiceFilter(choices=ApplicationStatus.choices, label=_("Status"))
    academy = django_filters.CharFilter(field_name="academy__name", lookup_expr="icontains", label=_("Academy"))

    class Meta:
        model = Application
        fields = ["call", "year", "status", "academy"]


class FinalReportFilter(django_filters.FilterSet):
    """Filters on the staff list of final reports."""

    year = django_filters.NumberFilter(field_name="award__application__call__year", label=_("Year"))
    status = django_filters.ChoiceFilter(choices=FinalReportStatus.choices, label=_("Status"))
    academy = django_filters.CharFilter(field_name="award__application__academy__name", lookup_expr="icontains",
                                        label=_("Academy"))

    class Meta:
        model = FinalReport
        fields = ["year", "status", "academy"]

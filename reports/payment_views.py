"""The staff page of the money after the award (reports.selectors.payments), kept apart from views.py."""

import datetime

from django.utils import timezone
from django.views.generic import TemplateView

from academies.belgian import FieldError, parse_date
from reports.selectors.payments import payments_overview
from reports.tables import PaymentsOverviewTable
from reports.views import StaffReportMixin


class PaymentsView(StaffReportMixin, TemplateView):
    """Per year and call: awarded, settled, released, paid, still to pay and to recover, on the day `stand_op`
    (?stand_op=31/12/2023, default today)."""

    template_name = "reports/payments.html"

    def stand_op(self) -> datetime.date:
        try:
            return parse_date(self.request.GET.get("stand_op")) or timezone.localdate()
        except FieldError:
            return timezone.localdate()

    def get_context_data(self, **kwargs):
        overview = payments_overview(on=self.stand_op())
        return super().get_context_data(overview=overview, table=PaymentsOverviewTable(overview), **kwargs)

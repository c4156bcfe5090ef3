"""django-import-export resources for calls, awards and final reports; the formats live in exchange.kinds and are
documented in docs/import-formats.md. Imports go in bulk (exchange.resources.ExchangeResource)."""

from exchange.resources import ExchangeResource
from grants.models import Award, Call, FinalReport


class CallResource(ExchangeResource):
    exchange_kind = "calls"

    class Meta:
        model = Call
        import_id_fields = ("code",)


class AwardResource(ExchangeResource):
    exchange_kind = "awards"

    class Meta:
        model = Award


class FinalReportResource(ExchangeResource):
    exchange_kind = "finalreports"

    class Meta:
        model = FinalReport

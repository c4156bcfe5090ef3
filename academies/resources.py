"""django-import-export resources for academies and UiT events; the formats live in exchange.kinds and are
documented in docs/import-formats.md."""

from academies.models import Academy, Event
from exchange.resources import ExchangeResource


class AcademyResource(ExchangeResource):
    exchange_kind = "academies"

    class Meta:
        model = Academy
        import_id_fields = ("code",)
        fields = ("code", "name", "organisation_type", "seat_municipality", "contact_email")


class EventResource(ExchangeResource):
    exchange_kind = "events"

    class Meta:
        model = Event
        import_id_fields = ("uit_id",)
        fields = ("uit_id", "name", "start_date", "end_date", "postcode", "municipality", "organiser_name",
                  "organiser_id", "age_min", "age_max", "labels", "academy")

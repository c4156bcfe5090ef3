"""UiT events of a year for the answer's event dashboards (annexes "all STEM events" and "events with the label
STEM-academie"): events per month and per province, with the share that carries the label."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth

from academies.models import Event, Province
from reports.selectors.base import share


@dataclass
class EventGroup:
    """Events of one month or one province: all of them and those with the STEM-academie label."""

    key: str
    label: str
    events: int = 0
    labelled: int = 0

    @property
    def labelled_share(self) -> Decimal | None:
        return share(self.labelled, self.events)


@dataclass
class EventDashboard:
    """The events starting in `year`: per month (1-12), per province (and events without a municipality in a row
    of their own), and in total. Every row adds up to the total."""

    year: int
    months: list[EventGroup] = field(default_factory=list)
    provinces: list[EventGroup] = field(default_factory=list)
    total: EventGroup = field(default_factory=lambda: EventGroup("total", ""))

    @property
    def has_events(self) -> bool:
        return self.total.events > 0


def event_dashboard(*, year: int, province_order: list[str] | None = None) -> EventDashboard:
    """Two queries and the provinces."""
    events = Event.objects.for_year(year)
    counts = {"events": Count("pk"), "labelled": Count("pk", filter=Q(has_stem_label=True))}
    per_month = {row["month"]: row for row in events.annotate(month=ExtractMonth("start_date"))
                 .values("month").annotate(**counts).order_by()}
    per_province = {row["municipality__province_id"]: row for row in events.values("municipality__province_id")
                    .annotate(**counts).order_by()}
    dashboard = EventDashboard(year=year)
    for month in range(1, 13):
        row = per_month.get(month, {})
        dashboard.months.append(EventGroup(str(month), str(month), row.get("events", 0), row.get("labelled", 0)))
    names = dict(Province.objects.values_list("nis_code", "name_nl"))
    order = [code for code in (province_order or []) if code in names]
    order += sorted((code for code in names if code not in order), key=lambda code: names[code])
    for code in order:
        row = per_province.get(code, {})
        dashboard.provinces.append(EventGroup(code, names[code], row.get("events", 0), row.get("labelled", 0)))
    row = per_province.get(None, {})
    dashboard.provinces.append(EventGroup("", "", row.get("events", 0), row.get("labelled", 0)))
    dashboard.total = EventGroup("total", "", sum(group.events for group in dashboard.months),
                                 sum(group.labelled for group in dashboard.months))
    return dashboard

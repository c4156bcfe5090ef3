"""UiTdatabank (publiq) as a live source: the Search API v3 `/events/` for one year, paged through `totalItems`,
stored in the Event table by the file import's mapping (import_uit_events) and recorded as a UitSnapshot.

Two queries per year: all STEM events (settings.UIT_TOTAL_QUERY) and those with the label
(`labels:"STEM-academie"`); both with the year's date range, `availableFrom=*`/`availableTo=*` (past events count),
`audienceType=*` (events for schools and members too) and `embed=true` (whole events, not links). Every page is
fetched before anything is written: an error page or a timeout leaves the database as it was.
Off unless settings.UIT_SEARCH_URL and settings.UIT_CLIENT_ID are set."""

import json
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from academies.models import Event, UitSnapshot
from exchange.uit import _identifier, import_uit_events

MAX_PAGES = 1000


class UitSearchError(Exception):
    pass


def is_configured() -> bool:
    return bool(settings.UIT_SEARCH_URL and settings.UIT_CLIENT_ID)


def labelled_query() -> str:
    return " OR ".join(f'labels:"{label}"' for label in settings.UIT_STEM_LABELS)


def year_parameters(year: int) -> dict[str, str]:
    """The filters shared by both queries: the year (Belgian time) and no default filters that hide past events or
    events for another audience."""
    return {"dateFrom": f"{year}-01-01T00:00:00+01:00", "dateTo": f"{year}-12-31T23:59:59+01:00",
            "availableFrom": "*", "availableTo": "*", "audienceType": "*", "embed": "true"}


@dataclass
class UitSearchClient:
    base_url: str
    client_id: str
    timeout: float = 20
    page_size: int = 50

    @classmethod
    def from_settings(cls) -> "UitSearchClient":
        if not is_configured():
            raise UitSearchError(_("The UiTdatabank Search API is not configured (UIT_SEARCH_URL, UIT_CLIENT_ID)."))
        return cls(settings.UIT_SEARCH_URL, settings.UIT_CLIENT_ID, settings.UIT_SEARCH_TIMEOUT,
                   settings.UIT_SEARCH_PAGE_SIZE)

    def page(self, params: dict[str, str], start: int) -> dict:
        query = urllib.parse.urlencode({**params, "start": start, "limit": self.page_size})
        request = urllib.request.Request(f"{self.base_url}/events/?{query}", headers={
            "x-client-id": self.client_id, "Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (URL from settings)
                payload = json.load(response)
        except urllib.error.HTTPError as error:
            raise UitSearchError(_("UiTdatabank answered %(status)s for %(query)s.") % {
                "status": error.code, "query": params.get("q", "")}) from error
        except (urllib.error.URLError, TimeoutError) as error:
            raise UitSearchError(_("UiTdatabank did not answer in time or could not be reached: %(error)s") % {
                "error": getattr(error, "reason", error)}) from error
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise UitSearchError(_("UiTdatabank sent something that is not JSON.")) from error
        if not isinstance(payload, dict) or not isinstance(payload.get("member"), list) \
                or not isinstance(payload.get("totalItems"), int):
            raise UitSearchError(_("UiTdatabank sent a response without 'member' and 'totalItems'."))
        return payload

    def events(self, params: dict[str, str]) -> Iterator[dict]:
        """Every event of the query, page after page until `totalItems` (or an empty page)."""
        start, total = 0, None
        for _page in range(MAX_PAGES):
            payload = self.page(params, start)
            total = payload["totalItems"] if total is None else total
            members = [event for event in payload["member"] if isinstance(event, dict)]
            yield from members
            start += len(payload["member"])
            if not payload["member"] or start >= total:
                return
        raise UitSearchError(_("UiTdatabank kept sending pages; stopped after %(pages)s.") % {"pages": MAX_PAGES})


def fetch_year(*, year: int, user=None, client: UitSearchClient | None = None) -> UitSnapshot:
    """Fetch `year`'s STEM events into the Event table (created or updated by UiTdatabank id) and record a snapshot.
    A second run with the same answers changes no event and records another snapshot with the same counts."""
    client = client or UitSearchClient.from_settings()
    shared = year_parameters(year)
    total_query, label_query = settings.UIT_TOTAL_QUERY, labelled_query()
    events: dict[str, dict] = {}
    for query in (total_query, label_query):
        for event in client.events({"q": query, **shared}):
            events.setdefault(_identifier(event.get("@id") or event.get("id")), event)
    with transaction.atomic():
        _summary, counters = import_uit_events(list(events.values()), user=user)
        stored = Event.objects.filter(uit_id__in=list(events)).values_list("municipality_id", "has_stem_label")
        per_municipality: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        labelled = 0
        for municipality_id, has_label in stored:
            labelled += has_label
            if municipality_id:
                per_municipality[municipality_id][0] += 1
                per_municipality[municipality_id][1] += has_label
        snapshot = UitSnapshot(
            year=year, fetched_by=user, source_url=f"{client.base_url}/events/", total_query=total_query,
            labelled_query=label_query, parameters=shared, total_events=len(events), labelled_events=labelled,
            without_municipality=counters["without_municipality"], per_municipality=dict(sorted(
                per_municipality.items())))
        snapshot.full_clean()
        snapshot.save()
    return snapshot

"""The UiTdatabank Search API client against a real HTTP server on loopback that answers like the Search API v3
(responses shaped like ../shared/data/uitdatabank_search_api_v3_example_event_response.json): several pages, an
error page, a timeout; the events and the snapshot are stored, and a second run changes no event."""

import copy
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from academies.models import Event, UitSnapshot
from exchange.uit_search import UitSearchClient, UitSearchError, fetch_year, year_parameters
from grants.groups import MANAGER_GROUP, READER_GROUP, sync_staff_groups
from tests.conftest import shared_data_path
from tests.factories import StaffUserFactory

GENT, LEUVEN = "9000", "3000"


def example_event() -> dict:
    path = shared_data_path("uitdatabank_search_api_v3_example_event_response.json")
    return json.loads(path.read_text(encoding="utf-8"))["member"][0]


def make_event(template: dict, number: int, *, labelled: bool, postcode: str, year: int = 2022) -> dict:
    event = copy.deepcopy(template)
    event["@id"] = f"https://io.uitdatabank.be/event/00000000-0000-4000-8000-{number:012d}"
    event["name"] = {"nl": f"STEM-activiteit {number}"}
    event["startDate"] = f"{year}-03-{number % 28 + 1:02d}T10:00:00+01:00"
    event["endDate"] = f"{year}-03-{number % 28 + 1:02d}T12:00:00+01:00"
    event["labels"] = ["STEM-academie"] if labelled else ["STEM"]
    event["hiddenLabels"] = []
    event["location"]["address"]["nl"]["postalCode"] = postcode
    return event


class FakeSearchApi:
    """`/events/` paged by start/limit; `q` picks the labelled subset. `fail_at` answers 500 from that start on;
    `delay` sleeps before answering."""

    def __init__(self, events: list[dict]):
        self.events = events
        self.requests: list[dict] = []
        self.fail_at: int | None = None
        self.delay = 0.0
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                parsed = urllib.parse.urlparse(self.path)
                params = dict(urllib.parse.parse_qsl(parsed.query))
                api.requests.append({"path": parsed.path, "client": self.headers.get("x-client-id"), **params})
                time.sleep(api.delay)
                start, limit = int(params["start"]), int(params["limit"])
                if api.fail_at is not None and start >= api.fail_at:
                    self.answer(500, {"title": "Internal Server Error"})
                    return
                found = [event for event in api.events
                         if "STEM-academie" not in params["q"] or "STEM-academie" in event["labels"]]
                self.answer(200, {"@context": "http://www.w3.org/ns/hydra/context.jsonld", "@type": "PagedCollection",
                                  "itemsPerPage": limit, "totalItems": len(found),
                                  "member": found[start:start + limit]})

            def answer(self, status: int, body: dict):
                content = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/ld+json")
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                try:
                    self.wfile.write(content)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def search_api():
    template = example_event()
    events = [make_event(template, number, labelled=number % 3 != 0, postcode=GENT if number % 2 else LEUVEN)
              for number in range(1, 12)]
    with FakeSearchApi(events) as api:
        yield api


@pytest.fixture
def search_client(search_api) -> UitSearchClient:
    return UitSearchClient(search_api.url, "test-client", timeout=2, page_size=4)


@pytest.mark.django_db
class TestFetchYear:
    def test_pages_through_total_items_and_stores_events(self, search_api, search_client):
        snapshot = fetch_year(year=2022, client=search_client)
        assert Event.objects.count() == 11
        assert (snapshot.total_events, snapshot.labelled_events) == (11, 8)
        assert Event.objects.with_stem_label().count() == 8
        all_queries = [request for request in search_api.requests if "STEM-academie" not in request["q"]]
        assert [int(request["start"]) for request in all_queries] == [0, 4, 8]
        assert snapshot.per_municipality == {"44021": [6, 4], "24062": [5, 4]}
        assert snapshot.without_municipality == 0

    def test_sends_the_year_and_the_filters(self, search_api, search_client):
        fetch_year(year=2021, client=search_client)
        request = search_api.requests[0]
        assert request["path"] == "/events/"
        assert request["client"] == "test-client"
        for key, value in year_parameters(2021).items():
            assert request[key] == value
        assert (request["availableFrom"], request["availableTo"], request["audienceType"]) == ("*", "*", "*")
        assert {request["q"] for request in search_api.requests} == {"labels:STEM*", 'labels:"STEM-academie"'}

    def test_second_run_changes_no_event(self, search_client):
        fetch_year(year=2022, client=search_client)
        before = {event.uit_id: event.updated_at for event in Event.objects.all()}
        second = fetch_year(year=2022, client=search_client)
        assert {event.uit_id: event.updated_at for event in Event.objects.all()} == before
        first = UitSnapshot.objects.earliest("fetched_at")
        assert (second.total_events, second.labelled_events, second.per_municipality) == (
            first.total_events, first.labelled_events, first.per_municipality)

    def test_error_page_writes_nothing(self, search_api, search_client):
        search_api.fail_at = 8
        with pytest.raises(UitSearchError, match="500"):
            fetch_year(year=2022, client=search_client)
        assert not Event.objects.exists() and not UitSnapshot.objects.exists()

    def test_timeout_writes_nothing(self, search_api):
        search_api.delay = 1.5
        with pytest.raises(UitSearchError):
            fetch_year(year=2022, client=UitSearchClient(search_api.url, "test-client", timeout=0.3, page_size=4))
        assert not Event.objects.exists() and not UitSnapshot.objects.exists()


@pytest.mark.django_db
class TestCommand:
    def test_off_by_default(self, settings):
        settings.UIT_SEARCH_URL = ""
        with pytest.raises(CommandError, match="UIT_SEARCH_URL, UIT_CLIENT_ID"):
            call_command("fetch_uit", "2022")

    def test_fetches_with_settings(self, search_api, settings, capsys):
        settings.UIT_SEARCH_URL, settings.UIT_CLIENT_ID = search_api.url, "test-client"
        call_command("fetch_uit", "2022")
        assert "11 events, 8 with the label" in capsys.readouterr().out
        assert UitSnapshot.objects.get().year == 2022


@pytest.mark.django_db
class TestStaffButton:
    def test_manager_fetches_a_year(self, search_api, settings, client):
        settings.UIT_SEARCH_URL, settings.UIT_CLIENT_ID = search_api.url, "test-client"
        sync_staff_groups()
        manager = StaffUserFactory()
        manager.groups.add(Group.objects.get(name=MANAGER_GROUP))
        client.force_login(manager)
        assert client.get("/admin/import/uit/").status_code == 200
        response = client.post("/admin/import/uit/", {"year": 2022}, follow=True)
        assert response.status_code == 200
        snapshot = UitSnapshot.objects.get()
        assert (snapshot.total_events, snapshot.fetched_by) == (11, manager)

    def test_reader_may_not_fetch(self, client):
        sync_staff_groups()
        reader = StaffUserFactory()
        reader.groups.add(Group.objects.get(name=READER_GROUP))
        client.force_login(reader)
        assert client.post("/admin/import/uit/", {"year": 2022}).status_code == 403

    def test_snapshot_admin_links_the_button(self, client):
        sync_staff_groups()
        manager = StaffUserFactory()
        manager.groups.add(Group.objects.get(name=MANAGER_GROUP))
        client.force_login(manager)
        assert "/admin/import/uit/" in client.get("/admin/academies/uitsnapshot/").content.decode()

"""Two app servers (gunicorn, production settings) on two loopback ports against one database (PostgreSQL, or on
SQLite a file): what one server starts, the other can finish, as behind a load balancer without sticky sessions."""

import json
import re

import pytest

from academies.models import Academy
from tests.factories import UserFactory
from tests.production.conftest import Browser, hidden_inputs

pytestmark = [pytest.mark.slow]

PASSWORD = "correct-horse-battery"
ACADEMIES_CSV = (
    b"code,naam,type_organisatie,gemeente_zetel,email\r\n"
    b"twee-servers-1,STEM-academie Twee Servers,library,44021,info@twee-servers.example\r\n"
)


@pytest.fixture
def two_servers(two_app_servers, transactional_db, reference_data):
    return two_app_servers


def test_a_login_on_one_server_is_valid_on_the_other(two_servers):
    first, second = two_servers
    UserFactory(username="contact", password=PASSWORD)
    browser = Browser()
    browser.log_in(first, "contact", PASSWORD)
    status, _headers, body = browser.get(second.url("/portaal/"))
    assert status == 200, body[:300]  # the portal is for logged-in users only: anonymous gets a redirect (below)
    assert 'action="/account/logout/"' in body

    anonymous = Browser()
    status, headers, _body = anonymous.get(second.url("/portaal/"))
    assert status == 302 and "/account/login/" in headers["Location"]


def test_an_import_previewed_on_one_server_is_confirmed_on_the_other(two_servers):
    first, second = two_servers
    root = first.root
    UserFactory(username="beheerder", password=PASSWORD, is_staff=True, is_superuser=True)
    browser = Browser()
    browser.log_in(first, "beheerder", PASSWORD)

    import_url = "/admin/academies/academy/import/"
    status, _headers, form_page = browser.get(first.url(import_url))
    assert status == 200, form_page[:500]
    csv_format = re.search(r'<option value="(\d+)"[^>]*>\s*csv\s*</option>', form_page, flags=re.IGNORECASE)
    assert csv_format, "no csv format on the import form"
    status, _headers, preview = browser.post(
        first.url(import_url),
        {"resource": "0", "format": csv_format.group(1)},
        files={"import_file": ("academies.csv", ACADEMIES_CSV)},
    )
    assert status == 200, preview[:2000]
    confirm = hidden_inputs(preview)
    assert confirm.get("import_file_name"), preview[:2000]
    assert not Academy.objects.filter(code="twee-servers-1").exists(), "a preview writes nothing"
    assert not any((root / "tmp-a").iterdir()), "the preview kept nothing in the first server's /tmp"
    assert list((root / "private").rglob(confirm["import_file_name"]))

    status, headers, body = browser.post(second.url("/admin/academies/academy/process_import/"), confirm)
    assert status == 302, body[:2000]
    academy = Academy.objects.get(code="twee-servers-1")
    assert academy.name == "STEM-academie Twee Servers"
    assert academy.seat_municipality.nis_code == "44021"
    assert not list((root / "private").rglob(confirm["import_file_name"])), "the temporary file is removed"


def test_the_servers_log_json_lines_without_client_addresses(two_servers):
    first, _second = two_servers
    Browser().get(first.url("/account/login/?next=/portaal/"))
    lines = [line for line in first.log().splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines]  # every line is one JSON object
    access = [entry for entry in entries if entry["logger"] == "gunicorn.access"]
    assert access and {"method", "path", "status", "duration_ms"} <= set(access[-1])
    assert all("next=" not in json.dumps(entry) for entry in access), "no query strings"
    assert all("127.0.0.1" not in json.dumps(entry) for entry in access), "no client addresses"

"""Login throttling behind a load balancer: gunicorn with production settings, requests carrying the balancer's
X-Forwarded-For. Failures lock the combination of username and client address, nothing wider."""

from urllib.parse import urlencode

import pytest

from tests.factories import UserFactory
from tests.production.conftest import Browser, app_servers

pytestmark = [pytest.mark.slow]

PASSWORD = "correct-horse-battery"
ATTACKER = "198.51.100.66"
VICTIM = "192.0.2.10"


@pytest.fixture
def server_behind_balancer(django_db_setup, transactional_db, collected_static, tmp_path):
    with app_servers(tmp_path, collected_static, {"TRUSTED_PROXY_COUNT": "1", "AXES_ENABLED": "true",
                                                  "AXES_FAILURE_LIMIT": "3"}) as (server,):
        yield server


def log_in(server, username: str, password: str, client_address: str, spoofed: str = "") -> int:
    """One login attempt through the balancer, which appends the client's address to X-Forwarded-For."""
    browser = Browser()
    login = server.url("/account/login/")
    forwarded = {"X-Forwarded-For": f"{spoofed}, {client_address}" if spoofed else client_address}
    browser.request("GET", login, headers=forwarded)
    fields = {"csrfmiddlewaretoken": browser.cookies.get("csrftoken", ""), "username": username, "password": password}
    status, _headers, _body = browser.request(
        "POST", login, urlencode(fields).encode(),
        {"Content-Type": "application/x-www-form-urlencoded", "Referer": "https://" + login.split("://", 1)[1],
         **forwarded})
    return status


def test_an_attacker_locks_only_their_own_combination(server_behind_balancer):
    server = server_behind_balancer
    UserFactory(username="victim", password=PASSWORD)
    # the attacker also writes addresses of their own choosing into the header: the balancer's entry counts
    statuses = [log_in(server, "victim", f"wrong-{attempt}", ATTACKER, spoofed=f"203.0.113.{attempt}")
                for attempt in range(3)]
    assert statuses == [200, 200, 429]  # the third failure reaches the limit
    assert log_in(server, "victim", PASSWORD, ATTACKER) == 429, "the attacker's combination is locked"
    assert log_in(server, "victim", PASSWORD, VICTIM) == 302, "the victim at another address still logs in"


def test_random_usernames_from_one_address_lock_out_nobody_else(server_behind_balancer):
    server = server_behind_balancer
    UserFactory(username="colleague", password=PASSWORD)
    for attempt in range(5):
        assert log_in(server, f"nobody-{attempt}", "wrong", ATTACKER) == 200
    assert log_in(server, "colleague", PASSWORD, VICTIM) == 302
    assert log_in(server, "colleague", PASSWORD, ATTACKER) == 302

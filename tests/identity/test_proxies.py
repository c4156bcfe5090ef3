from django.test import RequestFactory

from identity.proxies import client_address


def request(forwarded: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", **extra)


class TestClientAddress:
    def test_without_trusted_proxies_the_header_is_ignored(self, settings):
        settings.TRUSTED_PROXY_COUNT = 0
        assert client_address(request("198.51.100.7")) == "10.0.0.2"

    def test_one_proxy_takes_the_entry_it_appended(self, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        assert client_address(request("203.0.113.9, 198.51.100.7")) == "198.51.100.7"

    def test_two_proxies_take_the_second_entry_from_the_right(self, settings):
        settings.TRUSTED_PROXY_COUNT = 2
        assert client_address(request("203.0.113.9, 198.51.100.7, 10.0.0.1")) == "198.51.100.7"

    def test_a_request_that_bypassed_the_proxies_counts_as_its_peer(self, settings):
        settings.TRUSTED_PROXY_COUNT = 2
        assert client_address(request("198.51.100.7")) == "10.0.0.2"
        assert client_address(request()) == "10.0.0.2"

"""Error pages are Dutch and branded: they extend the base layout (navigation bar, footer with the accessibility
statement)."""

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation
from django.views import defaults

pytestmark = pytest.mark.django_db

DUTCH_TITLES = {
    400: "Ongeldige aanvraag",
    403: "Geen toegang",
    404: "Pagina niet gevonden",
    500: "Er ging iets mis",
    503: "Tijdelijk niet beschikbaar",
}


def render_error(status: int):
    request = RequestFactory().get("/ergens/")
    if status == 400:
        return defaults.bad_request(request, SuspiciousOperation())
    if status == 403:
        return defaults.permission_denied(request, PermissionDenied())
    if status == 404:
        return defaults.page_not_found(request, Http404())
    if status == 500:
        return defaults.server_error(request)
    return type("Response", (), {"status_code": 503, "content": render_to_string("503.html").encode()})


def assert_in_layout(content: str) -> None:
    assert '<html lang="nl">' in content
    assert 'class="navbar navbar-expand-lg navbar-dark app-navbar' in content
    assert "Toegankelijkheidsverklaring" in content


@pytest.mark.parametrize("status", sorted(DUTCH_TITLES))
def test_error_page_is_dutch_inside_the_layout(status):
    with translation.override("nl"):
        response = render_error(status)
    content = response.content.decode()
    assert response.status_code == status
    assert f"<title>{DUTCH_TITLES[status]} · VLAIO</title>" in content
    assert f'id="error-{status}"' in content
    assert_in_layout(content)


def test_unknown_address_answers_the_dutch_404_page(client, settings):
    settings.DEBUG = False
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()
    assert_in_layout(response.content.decode())


def test_contact_on_a_staff_page_gets_the_dutch_403_page(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("contact-403", password="x" * 12))
    response = client.get("/beheer/")
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()
    assert_in_layout(response.content.decode())

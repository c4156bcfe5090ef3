"""With no OIDC_* settings (the default, `make run`) the application behaves as before: no ACM/IDM button, no
ACM/IDM routes, the password login and Django's logout."""

import os

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from identity.backends import REFUSAL_SESSION_KEY
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_acm_idm_is_off_by_default(client):
    assert "OIDC_RP_CLIENT_ID" not in os.environ and django_settings.OIDC_ENABLED is False
    page = client.get(reverse("login")).content.decode()
    assert "acm-idm-login" not in page
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert client.get(reverse("oidc_authentication_callback")).status_code == 404
    user = UserFactory()
    assert client.post(reverse("login"), {"username": user.username, "password": "correct-horse-battery"}
                       ).status_code == 302
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")


def test_with_acm_idm_on_the_login_page_offers_both(client, settings):
    settings.OIDC_ENABLED = True
    page = client.get(reverse("login")).content.decode()
    assert 'id="acm-idm-login"' in page and 'name="password"' in page


def test_a_password_login_logs_out_locally_when_acm_idm_is_on(client, settings):
    settings.OIDC_ENABLED = True
    client.force_login(UserFactory())
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"].endswith(reverse("login"))
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(("reason", "text"), [
    ("no_role", "geen rol"), ("no_academy", "ondernemingsnummer"), ("deactivated", "gedeactiveerd"), ("", "VLAIO"),
])
def test_the_refusal_page_says_why_in_dutch(client, reason, text):
    session = client.session
    session[REFUSAL_SESSION_KEY] = reason
    session.save()
    response = client.get(reverse("acm-idm-refused"))
    assert response.status_code == 403
    assert "Geen toegang tot het STEM-academies-portaal" in response.content.decode()
    assert text in response.content.decode()

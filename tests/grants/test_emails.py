"""E-mails: subjects are plain text (no HTML escaping), links start with the real address of the site."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation

from grants import emails
from grants.site import RequestBaseUrlMiddleware
from tests.factories import AcademyFactory, ApplicationFactory, AwardFactory

pytestmark = pytest.mark.django_db


def test_subject_keeps_ampersand_and_apostrophe(mailoutbox):
    academy = AcademyFactory(name="D'Hondt & Co", contact_email="info@dhondt.example")
    award = AwardFactory(application=ApplicationFactory(academy=academy, call__title="Robots <& co>"))
    emails.send_decision(application=award.application)
    assert mailoutbox[0].subject == "Beslissing over uw aanvraag: Robots <& co>"
    emails.send_invitation(membership=type("M", (), {"user": type("U", (), {"email": "x@y.example"})(),
                                                     "academy": academy})(), with_password_link=False)
    assert mailoutbox[1].subject.endswith("D'Hondt & Co")


def link_in_request(host: str, settings_base: str, settings) -> str:
    settings.PORTAL_BASE_URL = settings_base
    settings.ALLOWED_HOSTS = ["*"]
    seen = {}

    def view(request):
        seen["url"] = emails.absolute_url("/portaal/")
        return HttpResponse()

    RequestBaseUrlMiddleware(view)(RequestFactory().get("/", HTTP_HOST=host))
    return seen["url"]


def test_links_follow_the_port_the_site_is_served_on(settings):
    assert link_in_request("127.0.0.1:8123", "", settings) == "http://127.0.0.1:8123/portaal/"


def test_a_configured_site_address_wins(settings):
    assert link_in_request("10.0.0.5:8000", "https://stem.vlaio.example", settings) == \
        "https://stem.vlaio.example/portaal/"


def test_import_result_message_is_dutch():
    with translation.override("nl"):
        message = translation.gettext("Import finished: {} new, {} updated, {} deleted and {} skipped {}.")
    assert message.format(2, 0, 0, 0, "gemeenten") == "Import voltooid: 2 nieuw, 0 bijgewerkt, 0 verwijderd en 0 " \
                                                      "overgeslagen gemeenten."

"""Issue 27, point 8 (phones): no placeholders repeating (cut) labels on the final-report rows, no green ticks on
fields after an error, and the awards with their due reports at the top of the portal."""

import re

import pytest
from django.urls import reverse

from grants.models import ApplicationStatus
from tests.factories import ApplicationFactory, AwardFactory
from tests.grants.portal_setup import AALTER, GENT, contact_of, open_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def award(client):
    user, academy = contact_of()
    client.force_login(user)
    return AwardFactory(application=ApplicationFactory(call=open_call(), academy=academy,
                                                       status=ApplicationStatus.AWARDED), funded=[GENT, AALTER])


def test_report_rows_have_no_label_placeholders(client, award):
    body = client.get(reverse("grants:report-edit", args=[award.pk])).content.decode()
    assert 'placeholder="Jongens"' not in body and 'placeholder="Meisjes"' not in body


def test_fields_marked_valid_after_an_error_show_no_green_tick(settings):
    """django-bootstrap5 puts "is-valid" on every field without an error; the stylesheet draws it as a plain field."""
    css = (settings.BASE_DIR / "static" / "css" / "app.css").read_text()
    rule = re.search(r"\.form-control\.is-valid, \.form-select\.is-valid[^{]*\{([^}]*)\}", css)
    assert rule and "background-image: none" in rule.group(1) and "var(--bs-border-color)" in rule.group(1)


def test_awards_and_due_reports_come_before_open_calls(client, award):
    body = client.get(reverse("grants:portal-dashboard")).content.decode()
    assert body.index("Toekenningen en eindrapportages") < body.index("Open oproepen")

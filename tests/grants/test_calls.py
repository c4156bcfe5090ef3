"""Staff pages for calls (issue 27, point 6): create and change a call outside the admin, with the admin's rules
(Call.clean(), the constraints) and Belgian amounts; managers only."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from grants.models import Call
from tests.factories import AwardFactory, CallFactory
from tests.grants.portal_setup import manager, reader

pytestmark = pytest.mark.django_db

CREATE = reverse("grants:staff-call-create")


def call_data(**changes) -> dict:
    data = {"code": "academies-2027", "year": "2027", "kind": "academy_rollout", "title": "STEM-academies 2027",
            "budget": "2.500.000,00", "opens_at": "2026-11-01T09:00", "closes_at": "2027-01-31T17:00",
            "report_due_date": "2028-03-31", "amount_per_municipality": "2.000", "cap_per_academy": "20.000,00",
            "cap_per_project": "", "min_own_contribution_pct": ""}
    return {**data, **changes}


def test_a_manager_creates_a_call_with_belgian_amounts(client):
    client.force_login(manager())
    response = client.post(CREATE, call_data())
    assert response.status_code == 302
    call = Call.objects.get(code="academies-2027")
    assert call.budget == Decimal("2500000.00") and call.amount_per_municipality == Decimal("2000")
    assert call.report_due_date == datetime.date(2028, 3, 31)


@pytest.mark.parametrize("changes,message", [
    ({"closes_at": "2026-10-01T09:00"}, "De oproep moet sluiten nadat hij opent."),
    ({"amount_per_municipality": ""}, "Een oproep voor de uitrol van academies heeft een bedrag per gemeente nodig."),
])
def test_the_rules_of_the_admin_apply(client, changes, message):
    client.force_login(manager())
    response = client.post(CREATE, call_data(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Call.objects.filter(code="academies-2027").exists()


def test_editing_keeps_the_code_and_shows_amounts_the_belgian_way(client):
    call = CallFactory(budget=Decimal("464500.00"))
    client.force_login(manager())
    url = reverse("grants:staff-call-edit", args=[call.pk])
    assert 'value="464.500,00"' in client.get(url).content.decode()
    response = client.post(url, call_data(code="changed", year=str(call.year), title="Nieuwe titel",
                                          opens_at="2021-11-01T09:00", closes_at="2022-01-31T17:00"))
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.title == "Nieuwe titel" and call.code != "changed"


def test_the_budget_cannot_drop_below_what_was_awarded(client):
    award = AwardFactory(amount=Decimal("4000.00"))
    client.force_login(manager())
    response = client.post(reverse("grants:staff-call-edit", args=[award.application.call_id]),
                           call_data(budget="1.000,00", year=str(award.application.call.year),
                                     opens_at="2021-11-01T09:00", closes_at="2022-01-31T17:00"))
    assert response.status_code == 200
    assert "€\xa04.000,00" in response.content.decode()


def test_readers_may_not(client):
    call = CallFactory()
    client.force_login(reader())
    assert client.get(CREATE).status_code == 403
    assert client.post(reverse("grants:staff-call-edit", args=[call.pk]), call_data()).status_code == 403


def test_the_dashboard_links_the_call_pages_for_managers_only(client):
    call = CallFactory()
    client.force_login(manager())
    body = client.get(reverse("grants:staff-dashboard")).content.decode()
    assert CREATE in body and reverse("grants:staff-call-edit", args=[call.pk]) in body
    client.force_login(reader())
    assert CREATE not in client.get(reverse("grants:staff-dashboard")).content.decode()

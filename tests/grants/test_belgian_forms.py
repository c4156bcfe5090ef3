"""Portal and staff forms read numbers the Belgian way, as the importer does (academies.belgian), and show
amounts for editing as 7.500,00."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from grants.application_forms import ApplicationForm, TrajectoryForm
from grants.forms import AwardForm, FinalReportForm, FinalReportLineForm
from grants.models import Application, ApplicationStatus
from tests.factories import GENT, ApplicationFactory, CallFactory, PartnershipCallFactory
from tests.grants.portal_setup import manager, open_call

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("typed,count", [("1200", 1200), ("1.200", 1200), ("1.234", 1234), ("1 234", 1234)])
def test_report_line_counts_accept_thousands_separators(typed, count):
    form = FinalReportLineForm({"municipality": GENT, "half_days": "4", "participants": typed}, year=2022)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["participants"] == count


@pytest.mark.parametrize("field", ["unattributed_participants", "unattributed_boys"])
def test_report_totals_accept_thousands_separators(field):
    form = FinalReportForm({"narrative": "", field: "2.500"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data[field] == 2500


def test_counts_are_text_boxes_with_a_numeric_keyboard():
    html = str(FinalReportLineForm(year=2022)["participants"])
    assert 'type="text"' in html and 'inputmode="numeric"' in html


def test_a_wrong_count_says_why_in_dutch():
    with translation.override("nl"):
        form = FinalReportLineForm({"municipality": GENT, "half_days": "4", "participants": "12,5"}, year=2022)
        assert not form.is_valid()
        assert "Voer een geheel getal in" not in str(form.errors)


def test_trajectory_and_application_forms_read_belgian_counts():
    form = TrajectoryForm({"title": "Robots", "age_min": "8", "age_max": "12", "half_days": "1.000",
                           "municipality": GENT}, year=2022)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["half_days"] == 1000


def test_partnership_amounts_read_belgian_amounts():
    application = Application(call=PartnershipCallFactory(), status=ApplicationStatus.DRAFT)
    form = ApplicationForm({"forecast_participants": "1.500", "requested_amount": "7.500,00",
                            "project_cost": "€ 12.500", "own_contribution": "5000"}, instance=application)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["forecast_participants"] == 1500
    assert form.cleaned_data["requested_amount"] == Decimal("7500.00")
    assert form.cleaned_data["project_cost"] == Decimal("12500")


def test_award_amount_is_prefilled_the_belgian_way(client):
    application = ApplicationFactory(call=open_call(amount_per_municipality=Decimal("7500.00"),
                                                    cap_per_academy=Decimal("20000.00")))
    application.planned_municipalities.set([GENT])
    client.force_login(manager())
    body = client.get(reverse("grants:staff-application-detail", args=[application.pk])).content.decode()
    assert 'value="7.500,00"' in body
    assert "7500.00" not in body


@pytest.mark.parametrize("language,shown", [("nl", "7.500,00"), ("en", "7,500.00")])
def test_award_form_reads_back_what_it_prefilled(language, shown):
    application = ApplicationFactory(call=CallFactory())
    with translation.override(language):
        prefilled = AwardForm(application=application, initial={"amount": Decimal("7500.00")})["amount"].value()
        form = AwardForm({"amount": prefilled, "reason": ""}, application=application)
        assert form.is_valid(), form.errors
    assert prefilled == shown
    assert form.cleaned_data["amount"] == Decimal("7500.00")

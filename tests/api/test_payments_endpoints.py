"""The read API's payments and settlements, and the 360Giving fields that come from them."""

import datetime
from decimal import Decimal

import pytest

from api import giving
from payments.models import Payment, PaymentBatch, Recovery, Settlement
from tests.api.conftest import bearer
from tests.api.test_giving import validator
from tests.factories import AwardFactory, CallFactory, PartnershipCallFactory, StaffUserFactory
from tests.payments.factories import BankAccountFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def money():
    staff, approver = StaffUserFactory(username="anna"), StaffUserFactory(username="bert")
    award = AwardFactory(application__call=CallFactory(year=2022, code="academies-2022"), amount=Decimal("4000.00"))
    batch = PaymentBatch.objects.create(execution_date=datetime.date(2022, 5, 2), created_by=staff,
                                        approved_by=approver, approved_at=datetime.datetime(2022, 5, 1, 9, 0,
                                                                                             tzinfo=datetime.UTC),
                                        status="approved")
    Payment.objects.create(award=award, kind="advance", amount=Decimal("3200.00"), status="paid",
                           paid_on=datetime.date(2022, 5, 3), batch=batch,
                           bank_account=BankAccountFactory(academy=award.application.academy), created_by=staff)
    Settlement.objects.create(award=award, computed_amount=Decimal("2000.00"), decided_amount=Decimal("2000.00"),
                              decided_by=staff)
    Recovery.objects.create(award=award, amount=Decimal("1200.00"), status="received",
                            received_on=datetime.date(2023, 6, 1), created_by=staff)
    AwardFactory(application__call=PartnershipCallFactory(year=2022, code="projecten-2022"))
    return award


def test_payments_endpoint(client, reader_key, money):
    response = client.get("/api/v1/payments", {"year": 2022}, **bearer(reader_key))
    assert response.status_code == 200
    [payment] = response.json()["items"]
    assert payment["kind"] == "advance" and payment["status"] == "paid" and payment["paid_on"] == "2022-05-03"
    assert Decimal(str(payment["amount"])) == Decimal("3200.00")


def test_settlements_endpoint(client, reader_key, money):
    [settlement] = client.get("/api/v1/settlements", **bearer(reader_key)).json()["items"]
    assert (Decimal(str(settlement["decided_amount"])), settlement["overridden"]) == (Decimal("2000.00"), False)
    assert client.get("/api/v1/settlements", {"year": 2021}, **bearer(reader_key)).json()["items"] == []


def test_360giving_adds_amount_disbursed_and_planned_dates(money):
    package = giving.package(years=[2022])
    grants = {item["grantProgramme"][0]["code"]: item for item in package["grants"]}
    rollout, project = grants["academies-2022"], grants["projecten-2022"]
    assert rollout["amountDisbursed"] == 2000
    assert rollout["plannedDates"] == [{"startDate": "2022-01-01", "endDate": "2022-12-31"}]
    assert "amountDisbursed" not in project and "plannedDates" not in project
    assert not list(validator().iter_errors(package))
    header = giving.package_csv(years=[2022]).splitlines()[0]
    assert "Amount Disbursed" in header and "Planned Dates:0:Start Date" in header

"""The demo payments agree with the demo awards: valid IBANs, 2019-2022 advances paid and settled awards paid in
full, 2023 advances paid, one recovery; a second run builds the same."""

import pytest
from django.db import transaction
from schwifty import IBAN

from demo.payments import build_demo_payments
from demo.writing import build_demo_data
from grants.groups import sync_staff_groups
from payments.models import BankAccount, Payment, Recovery, Settlement
from reports.selectors.payments import payments_overview
from tests.conftest import load_reference_data


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load_reference_data()
        sync_staff_groups()
        build_demo_data()
        yield build_demo_payments()
        transaction.set_rollback(True)


@pytest.fixture
def years(demo, db):
    return {year.year: year for year in payments_overview().years}


def test_every_iban_is_valid_and_confirmed(demo, db):
    accounts = BankAccount.objects.all()
    assert accounts.exists()
    for account in accounts:
        IBAN(account.iban)
        assert account.is_confirmed and account.confirmed_by_id != account.proposed_by_id


def test_2019_to_2022_settled_awards_are_paid_in_full(demo, db):
    for settlement in Settlement.objects.select_related("award"):
        paid = sum(payment.amount for payment in Payment.objects.filter(award=settlement.award, status="paid"))
        recovered = sum(recovery.amount for recovery in Recovery.objects.filter(award=settlement.award,
                                                                                status="received"))
        assert paid - recovered == settlement.decided_amount


def test_figures_per_year(years):
    for year in (2019, 2020, 2021, 2022):
        assert years[year].still_to_pay == 0 and years[year].to_recover == 0
        assert years[year].awarded == years[year].settled + years[year].released + years[year].not_settled
    assert years[2023].settled == 0 and years[2023].advances == years[2023].awarded * 8 / 10
    assert sum(year.recoveries_received > 0 for year in years.values()) == 1


def test_exactly_one_recovery(demo, db):
    assert Recovery.objects.count() == 1


def test_a_second_run_builds_the_same(demo, db):
    before = sorted(Payment.objects.values_list("award_id", "kind", "amount", "paid_on"))
    assert build_demo_payments() == demo
    assert sorted(Payment.objects.values_list("award_id", "kind", "amount", "paid_on")) == before

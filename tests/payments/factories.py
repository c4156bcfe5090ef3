"""Factories of the payments app (beside tests/factories.py, whose factories they build on)."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from payments.models import BankAccount, Payment, PaymentKind, PaymentPlan
from tests.factories import AcademyFactory, AwardFactory, StaffUserFactory

VALID_IBANS = ("BE68539007547034", "BE21001234567803", "BE71096123456769", "BE62510007547061")


class PaymentPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PaymentPlan
        django_get_or_create = ("call",)

    advance_pct = Decimal("80.00")


class BankAccountFactory(factory.django.DjangoModelFactory):
    """A confirmed account; `confirmed=False` leaves it a pending change."""

    class Meta:
        model = BankAccount

    academy = factory.SubFactory(AcademyFactory)
    iban = "BE68539007547034"
    holder = factory.LazyAttribute(lambda account: account.academy.name)
    proposed_by = factory.SubFactory(StaffUserFactory)
    confirmed_by = factory.SubFactory(StaffUserFactory)
    confirmed_at = factory.LazyFunction(timezone.now)

    class Params:
        pending = factory.Trait(confirmed_by=None, confirmed_at=None)


class PaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payment

    award = factory.SubFactory(AwardFactory)
    kind = PaymentKind.ADVANCE
    amount = Decimal("3200.00")
    created_by = factory.SubFactory(StaffUserFactory)


def paid_on(year: int) -> datetime.date:
    return datetime.date(year, 5, 1)

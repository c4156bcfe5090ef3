"""Question 2 states what was paid (reports/documents/paid.py): from reports.selectors.payments, on the answer's
day, only when payments of the year are recorded."""

import datetime
from decimal import Decimal

import pytest

from payments.models import Payment, PaymentBatch, PaymentKind, PaymentStatus, Settlement
from reports.documents.content import answer_content
from tests.factories import AwardFactory, CallFactory, StaffUserFactory
from tests.payments.factories import BankAccountFactory

pytestmark = pytest.mark.django_db


def money_part(year: int, as_of: datetime.date):
    content = answer_content(year=year, as_of=as_of, annexes=False)
    part = next(part for part in content.parts if part.key == "money")
    text = " ".join(block.text for block in part.blocks).replace("\u00a0", " ")
    return text, {figure.key: figure.value for figure in content.figures if figure.key.startswith("payments_")}


@pytest.fixture
def award_2023():
    staff, approver = StaffUserFactory(username="anna"), StaffUserFactory(username="bert")
    award = AwardFactory(application__call=CallFactory(year=2023), amount=Decimal("4000.00"))
    batch = PaymentBatch.objects.create(
        execution_date=datetime.date(2023, 5, 2),
        created_by=staff,
        approved_by=approver,
        approved_at=datetime.datetime(2023, 5, 1, tzinfo=datetime.UTC),
        status="approved",
    )
    Payment.objects.create(
        award=award,
        kind=PaymentKind.ADVANCE,
        amount=Decimal("3200.00"),
        status=PaymentStatus.PAID,
        paid_on=datetime.date(2023, 5, 3),
        batch=batch,
        bank_account=BankAccountFactory(academy=award.application.academy),
        created_by=staff,
    )
    Settlement.objects.create(
        award=award, computed_amount=Decimal("3600.00"), decided_amount=Decimal("3600.00"), decided_by=staff
    )
    Payment.objects.create(award=award, kind=PaymentKind.BALANCE, amount=Decimal("400.00"), created_by=staff)
    return award


def test_question_2_states_what_was_paid_on_the_day(award_2023):
    text, figures = money_part(2023, datetime.date(2024, 1, 31))
    assert "Daarvan is tot nu toe € 3.200,00 uitbetaald" in text
    assert "komen op € 3.600,00; € 400,00 van wat hun was toegekend, komt vrij" in text
    assert "Nog te betalen: € 400,00; terug te vorderen: € 0,00." in text
    assert figures == {
        "payments_paid": "3200.00",
        "payments_settled": "3600.00",
        "payments_still_to_pay": "400.00",
        "payments_to_recover": "0.00",
    }


def test_before_the_advance_was_paid_nothing_was(award_2023):
    text, figures = money_part(2023, datetime.date(2023, 5, 2))
    assert "Daarvan is tot nu toe € 0,00 uitbetaald" in text
    assert figures["payments_still_to_pay"] == "3600.00"


def test_without_payments_question_2_says_nothing_about_them():
    AwardFactory(application__call=CallFactory(year=2023), amount=Decimal("4000.00"))
    text, figures = money_part(2023, datetime.date(2024, 1, 31))
    assert "uitbetaald" not in text and figures == {}

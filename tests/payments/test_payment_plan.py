"""The payment plan in the award e-mail ({% payment_plan award %} in templates/emails/decision.txt)."""

from decimal import Decimal

import pytest

from grants import emails
from tests.factories import AcademyFactory, ApplicationFactory, AwardFactory, CallFactory
from tests.payments.factories import PaymentPlanFactory

pytestmark = pytest.mark.django_db


def decision_body(mailoutbox, *, advance_pct: Decimal | None) -> str:
    call = CallFactory(year=2023)
    if advance_pct is not None:
        PaymentPlanFactory(call=call, advance_pct=advance_pct)
    award = AwardFactory(
        application=ApplicationFactory(academy=AcademyFactory(contact_email="info@a.example"), call=call),
        amount=Decimal("4000.00"),
    )
    emails.send_decision(application=award.application)
    return mailoutbox[-1].body.replace("\u00a0", " ")


def test_the_award_email_states_the_call_plan(mailoutbox):
    body = decision_body(mailoutbox, advance_pct=Decimal("75.00"))
    assert (
        "Betalingsschema: een voorschot van 75 % (€ 3.000,00) na de toekenning; het saldo (hoogstens "
        "€ 1.000,00) nadat VLAIO het eindrapport heeft aanvaard en de subsidie heeft afgerekend."
    ) in body


def test_a_call_without_a_plan_states_the_default_advance(mailoutbox):
    assert "een voorschot van 80 % (€ 3.200,00)" in decision_body(mailoutbox, advance_pct=None)

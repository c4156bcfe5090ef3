import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from payments import services
from payments.confirmation import confirmation_import
from payments.models import PaymentStatus
from tests.factories import StaffUserFactory
from tests.payments.factories import VALID_IBANS, BankAccountFactory, PaymentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return StaffUserFactory(username="anna")


@pytest.fixture
def batch_payments(staff):
    payments = []
    for iban, amount in zip(VALID_IBANS[:3], ("3200.00", "1234.56", "800.00"), strict=True):
        payment = PaymentFactory(amount=Decimal(amount))
        BankAccountFactory(academy=payment.award.application.academy, iban=iban)
        payments.append(payment)
    batch = services.batch_create(payments=payments, execution_date=datetime.date(2023, 5, 2), actor=staff)
    services.batch_approve(batch=batch, actor=StaffUserFactory(username="bert"))
    return payments


def confirmation(rows, header="referentie;datum;bedrag"):
    return ("\ufeff" + "\r\n".join([header, *rows]) + "\r\n").encode("utf-8")


class TestConfirmationImport:
    def test_marks_every_payment_paid(self, staff, batch_payments):
        rows = [f"{p.reference};03/05/2023;{str(p.amount).replace('.', ',')}" for p in batch_payments]
        assert confirmation_import(content=confirmation(rows), actor=staff) == 3
        for payment in batch_payments:
            payment.refresh_from_db()
            assert (payment.status, payment.paid_on) == (PaymentStatus.PAID, datetime.date(2023, 5, 3))

    def test_one_wrong_amount_applies_nothing_and_names_the_row(self, staff, batch_payments):
        rows = [f"{p.reference};03/05/2023;{str(p.amount).replace('.', ',')}" for p in batch_payments]
        rows[1] = f"{batch_payments[1].reference};03/05/2023;1.234,65"
        with translation.override("nl"), pytest.raises(ValidationError) as refused:
            confirmation_import(content=confirmation(rows), actor=staff)
        assert refused.value.messages == [
            "Rij 3, kolom 'bedrag': het bedrag is €\u00a01.234,65, de betaling is €\u00a01.234,56"]
        for payment in batch_payments:
            payment.refresh_from_db()
            assert payment.status == PaymentStatus.IN_BATCH

    def test_a_comma_separated_file_with_english_headers_is_read(self, staff, batch_payments):
        rows = [f"{p.reference},2023-05-03,{p.amount}" for p in batch_payments]
        assert confirmation_import(content=confirmation(rows, "reference,date,amount"), actor=staff) == 3

    def test_unknown_reference_and_bad_date_are_listed(self, staff, batch_payments):
        rows = ["STEM-999999;03/05/2023;10,00", f"{batch_payments[0].reference};31/02/2023;3.200,00"]
        with translation.override("nl"), pytest.raises(ValidationError) as refused:
            confirmation_import(content=confirmation(rows), actor=staff)
        assert len(refused.value.messages) == 2
        assert refused.value.messages[0].startswith("Rij 2, kolom 'referentie'")
        assert refused.value.messages[1].startswith("Rij 3, kolom 'datum'")

    def test_a_payment_not_in_an_approved_batch_is_refused(self, staff):
        payment = PaymentFactory()
        with pytest.raises(ValidationError):
            confirmation_import(content=confirmation([f"{payment.reference};03/05/2023;3200,00"]), actor=staff)

    def test_missing_column_is_named(self, staff, batch_payments):
        with translation.override("nl"), pytest.raises(ValidationError, match="bedrag"):
            confirmation_import(content=confirmation([], header="referentie;datum"), actor=staff)

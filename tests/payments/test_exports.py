import datetime
from decimal import Decimal
from pathlib import Path

import pytest
import sepaxml
from django.core.exceptions import ValidationError
from lxml import etree

from payments import exports, services
from tests.factories import StaffUserFactory
from tests.payments.factories import VALID_IBANS, BankAccountFactory, PaymentFactory

pytestmark = pytest.mark.django_db

XSD = Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.03.xsd"
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}


@pytest.fixture
def approved_batch():
    creator, approver = StaffUserFactory(username="anna"), StaffUserFactory(username="bert")
    payments = []
    for iban, amount in zip(VALID_IBANS[:3], ("3200.00", "1234.56", "0.01"), strict=True):
        payment = PaymentFactory(amount=Decimal(amount))
        BankAccountFactory(academy=payment.award.application.academy, iban=iban, holder="Vzw Ölfabriek & Co")
        payments.append(payment)
    batch = services.batch_create(payments=payments, execution_date=datetime.date(2023, 5, 2), actor=creator)
    return services.batch_approve(batch=batch, actor=approver)


class TestSepaCreditTransfer:
    def test_validates_against_the_official_xsd(self, approved_batch):
        document = etree.fromstring(exports.sepa_credit_transfer(approved_batch))
        schema = etree.XMLSchema(etree.parse(str(XSD)))
        assert schema.validate(document), schema.error_log

    def test_control_sum_and_count_equal_the_batch(self, approved_batch):
        document = etree.fromstring(exports.sepa_credit_transfer(approved_batch))
        assert Decimal(document.findtext(".//p:GrpHdr/p:CtrlSum", namespaces=NS)) == approved_batch.total \
            == Decimal("4434.57")
        assert document.findtext(".//p:GrpHdr/p:NbOfTxs", namespaces=NS) == "3"
        amounts = [Decimal(node.text) for node in document.iterfind(".//p:InstdAmt", namespaces=NS)]
        assert sum(amounts) == approved_batch.total

    def test_pays_the_confirmed_ibans_with_the_payment_reference(self, approved_batch):
        document = etree.fromstring(exports.sepa_credit_transfer(approved_batch))
        ibans = {node.text for node in document.iterfind(".//p:CdtrAcct/p:Id/p:IBAN", namespaces=NS)}
        references = {node.text for node in document.iterfind(".//p:EndToEndId", namespaces=NS)}
        assert ibans == set(VALID_IBANS[:3])
        assert references == {payment.reference for payment in approved_batch.payments.all()}

    def test_a_batch_awaiting_approval_is_not_exported(self):
        payment = PaymentFactory()
        BankAccountFactory(academy=payment.award.application.academy)
        batch = services.batch_create(payments=[payment], execution_date=datetime.date(2023, 5, 2),
                                      actor=StaffUserFactory())
        with pytest.raises(ValidationError):
            exports.sepa_credit_transfer(batch)
        with pytest.raises(ValidationError):
            exports.finance_csv(batch)


class TestFinanceCsv:
    def test_belgian_csv_with_one_row_per_payment(self, approved_batch):
        text = exports.finance_csv(approved_batch).decode("utf-8-sig")
        lines = text.strip().split("\r\n")
        assert len(lines) == 4
        assert lines[0].startswith("referentie;betaalbatch;")
        assert any(";1234,56;" in line for line in lines[1:])

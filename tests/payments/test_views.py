import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grants.models import FinalReportStatus
from payments import services
from payments.models import BankAccount, BatchStatus, CostStatement, Payment, PaymentBatch, PaymentStatus, Settlement
from tests.factories import (
    ApplicationFactory,
    AwardFactory,
    FinalReportFactory,
    FinalReportLineFactory,
    PartnershipCallFactory,
    municipality,
)
from tests.grants.portal_setup import contact_of, manager, reader
from tests.payments.factories import BankAccountFactory, PaymentFactory

pytestmark = pytest.mark.django_db

WRONG_CHECK_DIGIT = "BE68539007547035"


@pytest.fixture
def anna():
    return manager("anna")


@pytest.fixture
def bert():
    return manager("bert")


def due_payment():
    payment = PaymentFactory()
    BankAccountFactory(academy=payment.award.application.academy)
    return payment


class TestBatchPages:
    def test_make_approve_and_export_a_batch(self, client, anna, bert):
        payment = due_payment()
        client.force_login(anna)
        response = client.get(reverse("payments:due"))
        assert response.status_code == 200 and payment.reference in response.content.decode()
        response = client.post(reverse("payments:due"), {"payments": [payment.pk], "execution_date": "2023-05-02"})
        batch = PaymentBatch.objects.get()
        assert response.url == reverse("payments:batch-detail", args=[batch.pk])
        client.post(reverse("payments:batch-approve", args=[batch.pk]))
        batch.refresh_from_db()
        assert batch.status == BatchStatus.DRAFT
        client.force_login(bert)
        client.post(reverse("payments:batch-approve", args=[batch.pk]))
        batch.refresh_from_db()
        assert (batch.status, batch.approved_by) == (BatchStatus.APPROVED, bert)
        xml = client.get(reverse("payments:batch-export", args=[batch.pk, "xml"]))
        assert xml.status_code == 200 and b"pain.001.001.03" in xml.content
        csv = client.get(reverse("payments:batch-export", args=[batch.pk, "csv"]))
        assert csv.status_code == 200 and "3.200,00".replace(".", "") in csv.content.decode("utf-8-sig")
        batch.refresh_from_db()
        assert batch.exported_at is not None

    def test_a_payment_numbered_above_a_thousand_can_be_selected(self, client, anna):
        """Ids are not localised: with USE_THOUSAND_SEPARATOR, {{ payment.pk }} printed 'pay-1.234', so on
        PostgreSQL, whose sequences keep counting after the demo tests roll back, the due list lost its boxes."""
        payment = PaymentFactory(id=1234)
        BankAccountFactory(academy=payment.award.application.academy)
        client.force_login(anna)
        page = client.get(reverse("payments:due")).content.decode()
        assert 'value="1234" id="pay-1234"' in page and 'for="pay-1234"' in page
        client.post(reverse("payments:due"), {"payments": ["1234"], "execution_date": "2023-05-02"})
        payment.refresh_from_db()
        assert payment.status == PaymentStatus.IN_BATCH

    def test_the_creator_sees_no_approve_button(self, client, anna):
        batch = services.batch_create(payments=[due_payment()], execution_date=datetime.date(2023, 5, 2),
                                      actor=anna)
        client.force_login(anna)
        page = client.get(reverse("payments:batch-detail", args=[batch.pk])).content.decode()
        assert reverse("payments:batch-approve", args=[batch.pk]) not in page

    def test_a_reader_sees_but_cannot_make_a_batch(self, client):
        payment = due_payment()
        client.force_login(reader())
        assert client.get(reverse("payments:due")).status_code == 200
        response = client.post(reverse("payments:due"), {"payments": [payment.pk], "execution_date": "2023-05-02"})
        assert response.status_code == 403
        assert client.get(reverse("payments:confirmation")).status_code == 403

    def test_academy_contacts_have_no_staff_pages(self, client):
        user, _academy = contact_of()
        client.force_login(user)
        assert client.get(reverse("payments:due")).status_code == 403

    def test_confirmation_import_names_the_wrong_row(self, client, anna, bert):
        payment = due_payment()
        batch = services.batch_create(payments=[payment], execution_date=datetime.date(2023, 5, 2), actor=anna)
        services.batch_approve(batch=batch, actor=bert)
        client.force_login(anna)
        content = f"referentie;datum;bedrag\r\n{payment.reference};03/05/2023;3.100,00\r\n".encode()
        response = client.post(reverse("payments:confirmation"),
                               {"file": SimpleUploadedFile("bevestiging.csv", content, "text/csv")})
        assert response.status_code == 400
        assert "Rij 2, kolom &#x27;bedrag&#x27;" in response.content.decode()
        payment.refresh_from_db()
        assert payment.status == PaymentStatus.IN_BATCH


class TestBankAccountPages:
    def test_a_wrong_check_digit_is_refused_in_the_portal(self, client):
        user, academy = contact_of()
        client.force_login(user)
        response = client.post(reverse("payments:portal-bank-account", args=[academy.pk]),
                               {"iban": WRONG_CHECK_DIGIT, "holder": "Vzw Test"})
        assert response.status_code == 400 and "geen geldig IBAN" in response.content.decode()
        assert not BankAccount.objects.exists()

    def test_a_wrong_check_digit_is_refused_on_the_staff_page(self, client, anna):
        academy = BankAccountFactory().academy
        client.force_login(anna)
        response = client.post(reverse("payments:staff-bank-account", args=[academy.pk]),
                               {"iban": WRONG_CHECK_DIGIT, "holder": "Vzw Test"})
        assert response.status_code == 400
        assert BankAccount.objects.count() == 1

    def test_a_wrong_check_digit_is_refused_in_the_admin(self, client, anna):
        academy = BankAccountFactory().academy
        anna.is_superuser = True
        anna.save()
        client.force_login(anna)
        response = client.post(reverse("admin:payments_bankaccount_add"),
                               {"academy": academy.pk, "iban": WRONG_CHECK_DIGIT, "holder": "Vzw Test"})
        assert response.status_code == 200 and "geen geldig IBAN" in response.content.decode()
        assert BankAccount.objects.count() == 1

    def test_contact_proposes_and_a_staff_member_confirms(self, client, anna):
        user, academy = contact_of()
        client.force_login(user)
        client.post(reverse("payments:portal-bank-account", args=[academy.pk]),
                    {"iban": "BE21 0012 3456 7803", "holder": "Vzw Test"})
        account = BankAccount.objects.get()
        assert not account.is_confirmed
        client.force_login(anna)
        assert "BE21001234567803" in client.get(reverse("payments:bank-accounts")).content.decode()
        client.post(reverse("payments:bank-account-confirm", args=[account.pk]))
        account.refresh_from_db()
        assert account.confirmed_by == anna

    def test_a_contact_cannot_touch_another_academy(self, client):
        user, _academy = contact_of()
        _other_user, other = contact_of()
        client.force_login(user)
        assert client.get(reverse("payments:portal-bank-account", args=[other.pk])).status_code == 404


class TestAwardMoneyPages:
    def test_staff_settle_with_an_override(self, client, anna):
        award = AwardFactory(amount=Decimal("4000.00"), funded=[municipality("44021"), municipality("41002")])
        services.advance_create(award=award, actor=anna)
        report = FinalReportFactory(award=award, status=FinalReportStatus.ACCEPTED)
        FinalReportLineFactory(report=report, municipality=municipality("44021"))
        client.force_login(anna)
        page = client.get(reverse("payments:award-money", args=[award.pk])).content.decode()
        assert "€\xa02.000,00" in page
        response = client.post(reverse("payments:award-money", args=[award.pk]),
                               {"action": "settle", "settle-decided_amount": "2.500,00"})
        assert response.status_code == 400
        client.post(reverse("payments:award-money", args=[award.pk]),
                    {"action": "settle", "settle-decided_amount": "2.500,00",
                     "settle-override_reason": "Tweede gemeente half bereikt."})
        assert award.settlement.decided_amount == Decimal("2500.00")
        assert award.recovery.amount == Decimal("700.00")

    def test_the_academy_sees_granted_paid_and_due(self, client):
        user, academy = contact_of()
        award = AwardFactory(application=ApplicationFactory(academy=academy, status="awarded"),
                             amount=Decimal("4000.00"))
        Payment.objects.create(award=award, kind="advance", amount=Decimal("3200.00"), created_by=user)
        client.force_login(user)
        page = client.get(reverse("payments:portal-award-money", args=[award.pk])).content.decode()
        assert "€\xa04.000,00" in page and "€\xa03.200,00" in page and "80 %" in page
        other = AwardFactory()
        assert client.get(reverse("payments:portal-award-money", args=[other.pk])).status_code == 404

    def test_the_academy_enters_the_cost_statement_of_a_partnership_project(self, client):
        user, academy = contact_of()
        award = AwardFactory(application=ApplicationFactory(academy=academy, status="awarded",
                                                            call=PartnershipCallFactory()))
        FinalReportFactory(award=award, status=FinalReportStatus.DRAFT)
        client.force_login(user)
        client.post(reverse("payments:portal-award-money", args=[award.pk]),
                    {"total_costs": "60.000,00", "own_contribution": "18.000,00", "other_funding": ""})
        statement = CostStatement.objects.get()
        assert (statement.total_costs, statement.other_funding) == (Decimal("60000.00"), Decimal("0.00"))


class TestBankAccountImport:
    def upload(self, client, rows):
        content = ("academie;IBAN;rekeninghouder\r\n" + "\r\n".join(rows) + "\r\n").encode()
        return client.post(reverse("payments:bank-accounts"),
                           {"accounts-file": SimpleUploadedFile("rekeningen.csv", content, "text/csv")})

    def test_a_wrong_check_digit_refuses_the_whole_file_and_names_the_row(self, client, anna):
        first, second = contact_of()[1], contact_of()[1]
        client.force_login(anna)
        response = self.upload(client, [f"{first.code};BE21 0012 3456 7803;Vzw Een",
                                        f"{second.code};{WRONG_CHECK_DIGIT};Vzw Twee"])
        assert response.status_code == 400
        page = response.content.decode()
        assert "Rij 3, kolom &#x27;IBAN&#x27;" in page and "geen geldig IBAN" in page
        assert not BankAccount.objects.exists()

    def test_accounts_are_proposed_for_a_second_person(self, client, anna):
        academy = contact_of()[1]
        client.force_login(anna)
        response = self.upload(client, [f"{academy.code};BE21 0012 3456 7803;Vzw Een"])
        assert response.status_code == 302
        account = BankAccount.objects.get()
        assert (account.iban, account.proposed_by, account.is_confirmed) == ("BE21001234567803", anna, False)


class TestQueryCounts:
    def test_due_payments_and_batches_do_not_grow_with_the_data(self, client, anna, django_assert_max_num_queries):
        for _number in range(6):
            due_payment()
        services.batch_create(payments=list(Payment.objects.all()[:3]), execution_date=datetime.date(2023, 5, 2),
                              actor=anna)
        client.force_login(anna)
        with django_assert_max_num_queries(14):
            assert client.get(reverse("payments:due")).status_code == 200
        with django_assert_max_num_queries(10):
            assert client.get(reverse("payments:batch-list")).status_code == 200


class TestDataExports:
    def test_payments_and_settlements_as_belgian_csv_and_xlsx(self, client, anna):
        payment = due_payment()
        Settlement.objects.create(award=payment.award, computed_amount=Decimal("4000.00"),
                                  decided_amount=Decimal("3500.00"), override_reason="Eén reeks minder.",
                                  decided_by=anna)
        client.force_login(reader())
        csv = client.get(reverse("payments:export", args=["betalingen", "csv"])).content.decode("utf-8-sig")
        assert csv.splitlines()[0].startswith("referentie;jaar;oproep") and ";3200,00;" in csv
        settlements = client.get(reverse("payments:export", args=["afrekeningen", "csv"]), {"jaar": "2022"})
        assert ";3500,00;Eén reeks minder.;" in settlements.content.decode("utf-8-sig")
        xlsx = client.get(reverse("payments:export", args=["afrekeningen", "xlsx"]))
        assert xlsx.content[:2] == b"PK"
        assert client.get(reverse("payments:export", args=["anders", "csv"])).status_code == 404

"""The money after the award in a real browser: the advance goes into a batch, a second staff member approves it,
the SEPA file is exported, the finance system's confirmation is imported, the final report is accepted, the award
is settled and the balance goes into a batch; every page is axe clean."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
import sepaxml
from lxml import etree
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from grants.models import FinalReportStatus
from payments.models import BatchStatus, Payment, PaymentBatch, PaymentKind, PaymentStatus
from tests.e2e.audit import axe_source, axe_violations
from tests.e2e.test_portal_flow import Portal
from tests.factories import (
    ApplicationFactory,
    AwardFactory,
    CallFactory,
    FinalReportFactory,
    FinalReportLineFactory,
    municipality,
)
from tests.grants.portal_setup import AALTER, GENT, contact_of, manager
from tests.payments.factories import BankAccountFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

XSD = Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.03.xsd"
FETCH_JS = """
const done = arguments[arguments.length - 1];
fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.text()).then(done);
"""


def test_award_advance_batch_approve_export_confirm_settle_balance(browser, live_server, screenshot,
                                                                    reference_data, tmp_path):
    anna, bert = manager("anna-e2e"), manager("bert-e2e")
    contact, academy = contact_of(username="contact-geld")
    award = AwardFactory(application=ApplicationFactory(academy=academy, status="awarded",
                                                        call=CallFactory(year=2023, code="uitrol-2023")),
                         amount=Decimal("4000.00"), decided_on=datetime.date(2023, 3, 1),
                         funded=[municipality(GENT), municipality(AALTER)])
    BankAccountFactory(academy=academy, iban="BE68539007547034", proposed_by=anna, confirmed_by=bert)
    portal = Portal(browser, live_server, screenshot)
    axe = axe_source()

    def clean(name: str) -> None:
        screenshot(name)
        assert axe_violations(browser, axe) == [], name

    def set_date(name: str, value: str) -> None:
        browser.execute_script("arguments[0].value = arguments[1];", browser.find_element(By.NAME, name), value)

    # 1. anna makes the advance due and puts it in a batch
    portal.log_in(anna.username)
    portal.go("/beheer/betalingen/")
    clean("01-due-before-advances")
    portal.click("form[action='/beheer/betalingen/voorschotten/'] button")
    advance = Payment.objects.get(kind=PaymentKind.ADVANCE)
    assert advance.amount == Decimal("3200.00")
    portal.go("/beheer/betalingen/")
    portal.press(WebDriverWait(browser, 15).until(lambda driver: driver.find_element(By.ID, f"pay-{advance.pk}")))
    set_date("execution_date", "2023-05-02")
    clean("02-due-advance-selected")
    portal.click("#due-payments-form > button[type=submit]")
    batch = PaymentBatch.objects.get()
    assert "Betaalbatch" in portal.text() and not browser.find_elements(By.CSS_SELECTOR, "form[action$='/goedkeuren/']")
    clean("03-batch-awaiting-approval")
    portal.log_out()

    # 2. bert approves and exports the SEPA file
    portal.log_in(bert.username)
    portal.go(f"/beheer/betalingen/batches/{batch.pk}/")
    portal.click("form[action$='/goedkeuren/'] button")
    batch.refresh_from_db()
    assert (batch.status, batch.approved_by) == (BatchStatus.APPROVED, bert)
    clean("04-batch-approved")
    xml = browser.execute_async_script(FETCH_JS, f"/beheer/betalingen/batches/{batch.pk}/export.xml")
    document = etree.fromstring(xml.encode())
    assert etree.XMLSchema(etree.parse(str(XSD))).validate(document)
    namespace = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}
    assert Decimal(document.findtext(".//p:GrpHdr/p:CtrlSum", namespaces=namespace)) == Decimal("3200.00")

    # 3. the finance system's confirmation
    confirmation = tmp_path / "bevestiging.csv"
    confirmation.write_text(f"referentie;datum;bedrag\r\n{advance.reference};03/05/2023;3.200,00\r\n",
                            encoding="utf-8")
    portal.go("/beheer/betalingen/bevestiging/")
    clean("05-confirmation-form")
    browser.find_element(By.NAME, "file").send_keys(str(confirmation))
    portal.click("main form button[type=submit]")
    advance.refresh_from_db()
    assert (advance.status, advance.paid_on) == (PaymentStatus.PAID, datetime.date(2023, 5, 3))
    clean("06-batches-after-confirmation")

    # 4. the final report (Gent reached; Leuven reported but not funded) is accepted
    report = FinalReportFactory(award=award, status=FinalReportStatus.SUBMITTED)
    FinalReportLineFactory(report=report, municipality=municipality(GENT))
    FinalReportLineFactory(report=report, municipality=municipality("24062"))
    portal.go(f"/beheer/eindrapporten/{report.pk}/")
    portal.press(browser.find_element(By.CSS_SELECTOR, "input[name=decision][value=accept]"))
    portal.click("main form button[type=submit]")
    report.refresh_from_db()
    assert report.status == FinalReportStatus.ACCEPTED

    # 5. settlement: € 2.000 for one funded municipality reached; € 3.200 was paid, so € 1.200 to recover
    portal.click(f"a[href='/beheer/betalingen/toekenningen/{award.pk}/']")
    assert "€\u00a02.000,00" in portal.text() or "€ 2.000,00" in portal.text()
    clean("07-settlement-form")
    portal.fill("settle-decided_amount", "3.600,00")
    portal.fill("settle-override_reason", "Aalter bereikt met een partner, bewezen met de aanwezigheidslijsten.")
    portal.click("form input[value=settle] ~ button[type=submit]")
    award.refresh_from_db()
    assert (award.settlement.computed_amount, award.settlement.decided_amount) == (Decimal("2000.00"),
                                                                                    Decimal("3600.00"))
    balance = Payment.objects.get(kind=PaymentKind.BALANCE)
    assert balance.amount == Decimal("400.00")
    clean("08-settled")

    # 6. the balance goes into a batch
    portal.go("/beheer/betalingen/")
    portal.press(browser.find_element(By.ID, f"pay-{balance.pk}"))
    set_date("execution_date", "2024-06-03")
    portal.click("#due-payments-form > button[type=submit]")
    balance.refresh_from_db()
    assert balance.status == PaymentStatus.IN_BATCH and balance.batch.created_by == bert
    clean("09-balance-batch")
    portal.go("/rapporten/middelen/betalingen/")
    clean("10-money-figures")
    for number, path in enumerate(("/beheer/betalingen/rekeningen/", "/beheer/betalingen/batches/",
                                   f"/beheer/betalingen/academies/{academy.pk}/rekening/",
                                   "/beheer/betalingen/subsidieregister/?jaar=2023&kwartaal=2"), start=11):
        portal.go(path)
        clean(f"{number}-{path.strip('/').replace('/', '-').split('?')[0]}")
    portal.log_out()

    # 7. the academy sees granted, settled, paid and still due
    portal.log_in(contact.username)
    portal.go(f"/portaal/toekenningen/{award.pk}/betalingen/")
    text = portal.text().replace("\u00a0", " ")
    assert "€ 4.000,00" in text and "€ 3.600,00" in text and "€ 400,00" in text
    clean("15-portal-award-money")
    portal.go(f"/portaal/academies/{academy.pk}/rekening/")
    clean("16-portal-bank-account")

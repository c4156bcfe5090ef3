"""From application to decision in a real browser: a contact fills the full application with an attachment on a
390 px phone, two assessors score it, the manager decides a batch of three, and the contact sees the decision and
downloads the letter; every page is axe clean."""

import io
from decimal import Decimal

import pytest
from docx import Document
from selenium.webdriver.common.by import By

from assessments.models import Assessment, DecisionLetter
from grants.models import Application, ApplicationPart, ApplicationStatus, Award, SentEmail
from tests.assessments.factories import CriterionFactory
from tests.e2e.audit import axe_source, axe_violations, overflow, set_width
from tests.e2e.test_portal_flow import Portal
from tests.factories import ApplicationFactory, municipality
from tests.grants.portal_setup import AALTER, ANTWERPEN, GENT, contact_of, manager, open_call

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FETCH_JS = """
const done = arguments[arguments.length - 1];
fetch(arguments[0], {credentials: 'same-origin'})
  .then(r => done([r.status, r.headers.get('content-type'), r.headers.get('content-disposition')]));
"""


def submitted_in(call, *codes):
    application = ApplicationFactory(call=call, status=ApplicationStatus.SUBMITTED)
    application.planned_municipalities.set([municipality(code) for code in codes])
    return application


def test_apply_assess_decide_a_batch_and_read_the_letter(browser, live_server, screenshot, reference_data,
                                                         tmp_path, settings, mailoutbox):
    settings.MEDIA_ROOT = tmp_path
    contact, academy = contact_of(username="contact-aanvraag")
    anna, bert, chef = manager("anna-beoordeelt"), manager("bert-beoordeelt"), manager("chef-beslist")
    call = open_call(title="STEM-academies uitrol 2027", amount_per_municipality=Decimal("2000.00"),
                     cap_per_academy=Decimal("20000.00"), budget=Decimal("20000.00"),
                     required_parts=[part for part in ApplicationPart.values
                                     if part not in (ApplicationPart.TRANSITION_PRIORITY, ApplicationPart.BUDGET)])
    criterion = CriterionFactory(call=call, title="Bereik van minder evidente groepen", weight=2, scale_max=5)
    others = [submitted_in(call, ANTWERPEN), submitted_in(call, AALTER, ANTWERPEN)]
    plan = tmp_path / "projectplan.pdf"
    plan.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    portal = Portal(browser, live_server, screenshot)
    axe = axe_source()

    def clean(name: str) -> None:
        screenshot(name)
        assert axe_violations(browser, axe) == [], name
        assert overflow(browser) == [], name

    # 1. the contact fills the full application on a phone
    set_width(browser, 390, 844)
    portal.log_in(contact.username)
    portal.click(f"a[href='/portaal/academies/{academy.pk}/oproepen/{call.pk}/aanvragen/']")
    portal.click("main form button[type=submit]")
    clean("01-empty-application-form")
    portal.fill("description", "Robotica en programmeren in de bibliotheek, na school, met een toonmoment.")
    for group in ("primary_pupils", "less_obvious"):
        portal.press(browser.find_element(By.CSS_SELECTOR, f"input[name=target_groups][value={group}]"))
    portal.fill("target_age_min", "8")
    portal.fill("target_age_max", "14")
    portal.fill("municipalities", "Gent\n9880")
    portal.fill("forecast_participants", "120")
    portal.fill("trajectories-0-title", "Robotica in de bib")
    portal.select("trajectories-0-transition_priority", "digitalisation")
    portal.fill("trajectories-0-age_min", "8")
    portal.fill("trajectories-0-age_max", "12")
    portal.fill("trajectories-0-half_days", "6")
    portal.select("trajectories-0-municipality", GENT)
    portal.fill("partners-0-name", "Bibliotheek Noord")
    portal.fill("partners-0-kbo_number", "0123.456.749")
    browser.find_element(By.NAME, "attachments").send_keys(str(plan))
    clean("02-application-filled-without-declaration")
    portal.click("#save-and-check")
    assert "Vink de verklaring op eer aan." in portal.text()  # named next to the field
    clean("03-application-checked-declaration-missing")
    portal.press(browser.find_element(By.NAME, "declaration"))
    portal.click("#save-and-check")
    clean("04-confirm-submission")
    portal.click("#confirm-submit")
    application = Application.objects.get(academy=academy)
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.partners.get().kbo_number == "0123456749" and application.attachments.count() == 1
    clean("05-application-submitted")
    set_width(browser, 1280, 1000)
    portal.log_out()

    # 2. two assessors score it
    for number, (assessor, score) in enumerate(((anna, "5"), (bert, "4")), start=6):
        portal.log_in(assessor.username)
        portal.go(f"/beheer/aanvragen/{application.pk}/beoordelen/")
        clean(f"{number:02d}-assessment-form-{assessor.username}")
        portal.fill(f"score_{criterion.pk}", score)
        portal.select("recommendation", "award")
        portal.click("button[name=submit]")
        portal.log_out()
    assert Assessment.objects.submitted().filter(application=application).count() == 2

    # 3. the manager decides a batch of three
    portal.log_in(chef.username)
    portal.go(f"/beheer/oproepen/{call.pk}/beoordeling/")
    clean("08-ranking")
    for candidate in (application, *others):
        portal.press(browser.find_element(By.ID, f"select-{candidate.pk}"))
    portal.press(browser.find_element(By.CSS_SELECTOR, "input[name=decision][value=award]"))
    portal.click("main form button[type=submit]")
    assert Award.objects.count() == 3 and DecisionLetter.objects.count() == 3
    assert Award.objects.get(application=application).amount == Decimal("4000.00")
    clean("09-batch-decided")
    portal.go(f"/beheer/academies/{academy.pk}/")
    assert DecisionLetter.objects.get(application=application).filename in portal.text()  # the outbox
    clean("10-academy-outbox")
    portal.log_out()

    # 4. the contact sees the decision and downloads the letter
    set_width(browser, 390, 844)
    portal.log_in(contact.username)
    portal.go(f"/portaal/aanvragen/{application.pk}/")
    assert "Toegekend" in portal.text() or "toegekend" in portal.text()
    clean("11-portal-decision")
    status, content_type, disposition = browser.execute_async_script(
        FETCH_JS, f"/portaal/aanvragen/{application.pk}/beslissingsbrief/")
    assert status == 200 and content_type.endswith("wordprocessingml.document") and ".docx" in disposition
    letter = DecisionLetter.objects.get(application=application)
    text = "\n".join(paragraph.text for paragraph in Document(io.BytesIO(bytes(letter.content))).paragraphs)
    assert "€\u00a04.000,00" in text and "Gent (44021)" in text and "Aalter (44084)" in text
    assert SentEmail.objects.filter(academy=academy, kind="decision", attachments=[letter.filename]).exists()

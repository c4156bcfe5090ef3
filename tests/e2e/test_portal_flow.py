"""The whole cycle in a real browser: a contact applies and submits, staff award, the contact reports, staff
return the report, the contact corrects and resubmits, staff accept."""

from decimal import Decimal

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from grants.models import Application, ApplicationStatus, Award, FinalReport, FinalReportStatus
from tests.grants.portal_setup import AALTER, GENT, PASSWORD, contact_of, manager, open_call

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Portal:
    def __init__(self, browser, live_server, screenshot):
        self.browser = browser
        self.base = live_server.url
        self.screenshot = screenshot

    def go(self, path: str) -> None:
        self.browser.get(f"{self.base}{path}")

    def click(self, css: str) -> None:
        """Click and wait until the next page has loaded.

        A marker on `window` disappears with the old page; this avoids `staleness_of`, which Chromium can answer
        with an inspector error instead of a stale-element error while the old document is torn down."""
        self.browser.execute_script("window.__e2eOldPage = true;")
        self.press(self.browser.find_element(By.CSS_SELECTOR, css))
        WebDriverWait(self.browser, 15, ignored_exceptions=(WebDriverException,)).until(
            lambda driver: driver.execute_script(
                "return window.__e2eOldPage !== true && document.readyState === 'complete';"))

    def press(self, element) -> None:
        self.browser.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element)
        element.click()

    def fill(self, name: str, value: str) -> None:
        field = self.browser.find_element(By.NAME, name)
        self.browser.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", field)
        field.clear()
        field.send_keys(value)

    def select(self, name: str, value: str) -> None:
        Select(self.browser.find_element(By.NAME, name)).select_by_value(value)

    def text(self) -> str:
        return self.browser.find_element(By.TAG_NAME, "main").text

    def log_in(self, username: str) -> None:
        self.browser.delete_all_cookies()
        self.go("/account/login/")
        self.fill("username", username)
        self.fill("password", PASSWORD)
        self.click("main button[type=submit]")

    def log_out(self) -> None:
        self.click("form[action='/account/logout/'] button")


def test_apply_award_report_return_resubmit_accept(browser, live_server, screenshot, reference_data, mailoutbox):
    contact, academy = contact_of(username="contact-a")
    staff = manager(username="beheerder-e2e")
    call = open_call(title="STEM-academies uitrol", amount_per_municipality=Decimal("2000.00"),
                     cap_per_academy=Decimal("20000.00"), budget=Decimal("100000.00"))
    portal = Portal(browser, live_server, screenshot)

    # 1. the contact logs in and applies
    portal.log_in(contact.username)
    assert "Mijn academie" in browser.title or academy.name in portal.text()
    screenshot("01-contact-dashboard")
    portal.click(f"a[href='/portaal/academies/{academy.pk}/oproepen/{call.pk}/aanvragen/']")
    screenshot("02-start-application")
    portal.click("main form button[type=submit]")
    portal.fill("municipalities", "Gent\n9880")
    portal.fill("forecast_participants", "120")
    portal.fill("trajectories-0-title", "Robotica in de bib")
    portal.select("trajectories-0-transition_priority", "digitalisation")
    portal.fill("trajectories-0-age_min", "8")
    portal.fill("trajectories-0-age_max", "12")
    portal.fill("trajectories-0-half_days", "6")
    portal.select("trajectories-0-municipality", GENT)
    screenshot("03-application-form")
    portal.click("button[name=save]")
    assert "€\u00a04.000,00" in portal.text() or "€ 4.000,00" in portal.text()
    screenshot("04-application-draft-with-amount")
    portal.click("#submit-application")
    assert Application.objects.get().status == ApplicationStatus.DRAFT  # a confirmation step comes first
    screenshot("05a-confirm-submission")
    portal.click("#confirm-submit")
    application = Application.objects.get()
    assert application.status == ApplicationStatus.SUBMITTED
    assert "ingediend" in portal.text().lower()
    screenshot("05-application-submitted")
    portal.log_out()

    # 2. staff award
    portal.log_in(staff.username)
    screenshot("06-staff-dashboard")
    portal.click(f"a[href='/beheer/aanvragen/{application.pk}/']")
    screenshot("07-staff-application")
    portal.click("form[action$='/toekennen/'] button[type=submit]")
    award = Award.objects.get()
    assert award.amount == Decimal("4000.00")
    assert set(award.funded_municipalities.values_list("pk", flat=True)) == {GENT, AALTER}
    screenshot("08-awarded")
    portal.log_out()

    # 3. the contact submits a final report
    portal.log_in(contact.username)
    portal.click(f"a[href='/portaal/toekenningen/{award.pk}/eindrapport/']")
    screenshot("09-report-form-with-funded-municipalities")
    rows = {Select(browser.find_element(By.NAME, f"lines-{index}-municipality")).first_selected_option
            .get_attribute("value"): index for index in range(2)}
    gent = rows[GENT]
    portal.fill(f"lines-{gent}-half_days", "4")
    portal.fill(f"lines-{gent}-participants", "30")
    portal.fill(f"lines-{gent}-boys", "18")
    portal.fill(f"lines-{gent}-girls", "12")
    portal.fill("narrative", "Een goed eerste jaar.")
    screenshot("10-report-filled")
    portal.click("button[name=submit]")
    assert "Aalter" in browser.find_element(By.ID, "confirm-unreached").text  # the untouched funded row
    portal.press(browser.find_element(By.ID, "id_confirm_unreached"))
    portal.click("button[name=submit]")
    report = FinalReport.objects.get()
    assert report.status == FinalReportStatus.SUBMITTED
    assert report.lines.get().participants == 30
    screenshot("11-report-submitted")
    portal.log_out()

    # 4. staff return it
    portal.log_in(staff.username)
    portal.click(f"a[href='/beheer/eindrapporten/{report.pk}/']")
    portal.press(browser.find_element(By.CSS_SELECTOR, "input[name=decision][value=return]"))
    portal.fill("comment", "Aalter ontbreekt: daar liep ook een reeks.")
    screenshot("12-staff-returns-report")
    portal.click("main form button[type=submit]")
    report.refresh_from_db()
    assert report.status == FinalReportStatus.RETURNED
    screenshot("13-report-returned")
    portal.log_out()

    # 5. the contact corrects and resubmits
    portal.log_in(contact.username)
    portal.click(f"a[href='/portaal/toekenningen/{award.pk}/eindrapport/']")
    assert "Aalter ontbreekt" in portal.text()
    portal.select("lines-1-municipality", AALTER)
    portal.fill("lines-1-half_days", "2")
    screenshot("14-report-corrected")
    portal.click("button[name=submit]")
    report.refresh_from_db()
    assert report.status == FinalReportStatus.SUBMITTED
    assert set(report.lines.values_list("municipality", flat=True)) == {GENT, AALTER}
    assert report.lines.get(municipality=AALTER).participants is None  # not reported, not 0
    screenshot("15-report-resubmitted")
    portal.log_out()

    # 6. staff accept
    portal.log_in(staff.username)
    portal.click(f"a[href='/beheer/eindrapporten/{report.pk}/']")
    portal.press(browser.find_element(By.CSS_SELECTOR, "input[name=decision][value=accept]"))
    portal.click("main form button[type=submit]")
    report.refresh_from_db()
    assert report.status == FinalReportStatus.ACCEPTED
    screenshot("16-report-accepted")

    subjects = [message.subject for message in mailoutbox]
    assert any(subject.startswith("Aanvraag ontvangen") for subject in subjects)
    assert any(subject.startswith("Beslissing over uw aanvraag") for subject in subjects)
    assert any(subject.startswith("Eindrapportage teruggestuurd") for subject in subjects)
    assert any(subject.startswith("Eindrapportage aanvaard") for subject in subjects)

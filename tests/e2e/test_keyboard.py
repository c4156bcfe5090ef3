"""Accessibility beyond axe (WCAG 2.1 AA as people with a keyboard and a screen reader meet it): every main page
per role names every control and shows where the focus is, the skip link comes first, the main flows work with the
keyboard alone (Tab, Shift-Tab, Enter, Space; no mouse), and a failed submit moves the focus to the errors."""

import datetime
from decimal import Decimal

import pytest
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from grants.models import ApplicationStatus, FinalReport, FinalReportStatus
from tests.e2e.audit import set_width
from tests.e2e.keyboard import focus_problems, press, tab_to, type_into, unnamed_controls
from tests.e2e.test_page_audit import (
    ANONYMOUS_PAGES,
    DESKTOP,
    PASSWORDS,
    PHONE,
    contact_pages,
    staff_pages,
)
from tests.factories import ApplicationFactory, AwardFactory
from tests.grants.portal_setup import GENT, PASSWORD, contact_of, manager, open_call

pytestmark = [pytest.mark.browser]


def wait_loaded(browser) -> None:
    WebDriverWait(browser, 15).until(lambda driver: driver.execute_script(
        "return document.readyState === 'complete' && !window.__keyboardOldPage;"))


def submit_with_enter(browser, css: str) -> None:
    """Focus `css` with Tab and press Enter; wait for the next page."""
    tab_to(browser, css)
    browser.execute_script("window.__keyboardOldPage = true;")
    press(browser, Keys.ENTER)
    wait_loaded(browser)


def log_in_by_keyboard(browser, base: str, username: str, password: str) -> None:
    browser.delete_all_cookies()
    browser.get(f"{base}/account/login/")
    type_into(browser, "input[name=username]", username)
    type_into(browser, "input[name=password]", password)
    browser.execute_script("window.__keyboardOldPage = true;")
    press(browser, Keys.ENTER)
    wait_loaded(browser)
    assert "/account/login/" not in browser.current_url, "login by keyboard failed"


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_every_main_page_names_its_controls_and_shows_the_focus(browser, live_server, demo_site):
    base = live_server.url
    roles = [
        ("demo-beheerder", staff_pages(manager=True), [DESKTOP]),
        ("demo-lezer", staff_pages(manager=False), [DESKTOP]),
        ("demo-vonk", contact_pages("demo-vonk"), [DESKTOP, PHONE]),
        (None, ANONYMOUS_PAGES, [DESKTOP, PHONE]),
    ]
    problems, visited = [], 0
    for username, pages, widths in roles:
        browser.delete_all_cookies()
        if username:
            set_width(browser, DESKTOP)
            log_in_by_keyboard(browser, base, username, PASSWORDS[username])
        for path in pages:
            if path.startswith("/admin/"):
                continue  # Django's own admin: outside the product's templates
            for width in widths:
                set_width(browser, width)
                browser.get(f"{base}{path}")
                wait_loaded(browser)
                visited += 1
                where = f"{username or 'anonymous'} {path} at {width} px"
                problems += [f"{where}: unnamed control {html}" for html in unnamed_controls(browser)]
                problems += [f"{where}: {problem}" for problem in focus_problems(browser)]
    assert visited >= 40
    assert not problems, "\n".join(problems)


@pytest.mark.django_db(transaction=True)
def test_final_report_and_review_with_the_keyboard_only(browser, live_server, reference_data):
    base = live_server.url
    set_width(browser, DESKTOP)
    contact, academy = contact_of(username="toetsenbord")
    staff = manager(username="beheerder-toetsenbord")
    call = open_call(year=datetime.date.today().year - 1, amount_per_municipality=Decimal("2000.00"))
    award = AwardFactory(application=ApplicationFactory(call=call, academy=academy,
                                                        status=ApplicationStatus.AWARDED), funded=[GENT])

    log_in_by_keyboard(browser, base, contact.username, PASSWORD)
    browser.get(f"{base}/portaal/toekenningen/{award.pk}/eindrapport/")
    wait_loaded(browser)
    type_into(browser, "input[name$='-half_days']", "4")
    type_into(browser, "input[name$='-participants']", "30")
    type_into(browser, "input[name$='-boys']", "25")
    type_into(browser, "input[name$='-girls']", "12")  # 37 of 30: refused
    submit_with_enter(browser, "button[name=submit]")
    assert browser.switch_to.active_element.get_attribute("id") == "error-summary", (
        "after a failed submit the focus must move to the error summary")
    assert not FinalReport.objects.filter(status=FinalReportStatus.SUBMITTED).exists()
    type_into(browser, "input[name$='-boys']", "18")
    submit_with_enter(browser, "button[name=submit]")
    report = FinalReport.objects.get(award=award)
    assert report.status == FinalReportStatus.SUBMITTED

    log_in_by_keyboard(browser, base, staff.username, PASSWORD)
    browser.get(f"{base}/beheer/eindrapporten/{report.pk}/")
    wait_loaded(browser)
    tab_to(browser, "input[name=decision][value=accept]")
    press(browser, Keys.SPACE)
    submit_with_enter(browser, "main form button[type=submit]")
    report.refresh_from_db()
    assert report.status == FinalReportStatus.ACCEPTED

    browser.get(f"{base}/rapporten/antwoord/{call.year}/")
    wait_loaded(browser)
    link = tab_to(browser, "main a[href$='antwoord.docx']")
    assert link.get_attribute("href")


def test_a_failed_login_moves_the_focus_to_the_message(browser, live_server, db):
    browser.get(f"{live_server.url}/account/login/")
    type_into(browser, "input[name=username]", "niemand")
    type_into(browser, "input[name=password]", "fout")
    browser.execute_script("window.__keyboardOldPage = true;")
    press(browser, Keys.ENTER)
    wait_loaded(browser)
    focused = browser.switch_to.active_element
    assert "alert-danger" in (focused.get_attribute("class") or ""), focused.get_attribute("outerHTML")[:200]

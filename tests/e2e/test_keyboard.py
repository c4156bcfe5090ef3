"""Accessibility beyond axe (WCAG 2.1 AA as people with a keyboard and a screen reader meet it): every main page
per role names every control and shows where the focus is, the skip link comes first, the main flows work with the
keyboard alone (Tab, Shift-Tab, Enter, Space; no mouse), and a failed submit moves the focus to the errors."""

import datetime
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from grants.models import ApplicationStatus, FinalReport, FinalReportLine, FinalReportStatus
from tests.e2e.audit import overflow, set_width
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


@pytest.mark.django_db(transaction=True)
def test_apply_with_the_keyboard_only(browser, live_server, reference_data):
    """The portal application (issue 27, point 10): start, a failed save moves the focus to the error summary,
    fill in the form (a <select> by typing), save, submit and confirm; Tab, Shift-Tab, Enter and typing only."""
    base = live_server.url
    set_width(browser, DESKTOP)
    contact, academy = contact_of(username="aanvrager-toetsenbord")
    call = open_call(title="Uitrol met het toetsenbord", amount_per_municipality=Decimal("2000.00"),
                     cap_per_academy=Decimal("20000.00"), budget=Decimal("100000.00"))
    log_in_by_keyboard(browser, base, contact.username, PASSWORD)
    submit_with_enter(browser, f"main a[href='/portaal/academies/{academy.pk}/oproepen/{call.pk}/aanvragen/']")
    submit_with_enter(browser, "main form button[type=submit]")
    type_into(browser, "input[name=forecast_participants]", "veel")
    submit_with_enter(browser, "button[name=save]")
    assert browser.switch_to.active_element.get_attribute("id") == "error-summary", (
        "after a failed save the focus must move to the error summary")
    type_into(browser, "textarea[name=municipalities]", "Gent")
    press(browser, Keys.ENTER, "9880")  # a new line in the text area, not a submit
    type_into(browser, "input[name=forecast_participants]", "120")
    type_into(browser, "input[name='trajectories-0-title']", "Robotica in de bib")
    tab_to(browser, "select[name='trajectories-0-transition_priority']")
    press(browser, "Dig")
    tab_to(browser, "select[name='trajectories-0-municipality']")
    press(browser, "Gent")
    type_into(browser, "input[name='trajectories-0-age_min']", "8")
    type_into(browser, "input[name='trajectories-0-age_max']", "12")
    type_into(browser, "input[name='trajectories-0-half_days']", "6")
    tab_to(browser, "input[name='trajectories-0-title']", backwards=True)  # Shift-Tab back up works too
    submit_with_enter(browser, "button[name=save]")
    application = academy.applications.get()
    assert set(application.planned_municipalities.values_list("nis_code", flat=True)) == {GENT, "44084"}
    assert application.trajectories.get().transition_priority == "digitalisation"
    submit_with_enter(browser, "#submit-application")
    submit_with_enter(browser, "#confirm-submit")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


@pytest.mark.django_db(transaction=True)
def test_import_with_the_keyboard_only_and_a_preview_that_fits(browser, live_server, reference_data):
    """The admin import (issue 27, points 3 and 10): pick the file and the format, upload, read the preview (the
    municipality by name, nothing wider than a 1,366 px screen, every control named) and confirm, without a
    mouse. A file input takes its path as typed keys: the keyboard's way past the operating system's dialog."""
    base = live_server.url
    set_width(browser, DESKTOP)
    contact, academy = contact_of(username="import-toetsenbord")
    staff = manager(username="beheerder-import")
    call = open_call(year=datetime.date.today().year - 1, amount_per_municipality=Decimal("2000.00"))
    AwardFactory(application=ApplicationFactory(call=call, academy=academy, status=ApplicationStatus.AWARDED),
                 funded=[GENT])
    header = ["oproep", "academie", "status", "gemeente", "halve_dagen", "deelnemers", "jongens", "meisjes", "andere",
              "niet_toewijsbaar_deelnemers", "niet_toewijsbaar_jongens", "niet_toewijsbaar_meisjes",
              "niet_toewijsbaar_andere"]
    upload = Path(tempfile.mkdtemp()) / "eindrapportages.csv"
    upload.write_text(";".join(header) + "\n" + ";".join(
        [call.code, academy.code, "ingediend", "9000", "4", "30", "18", "12", "", "", "", "", ""]) + "\n",
        encoding="utf-8")

    log_in_by_keyboard(browser, base, staff.username, PASSWORD)
    browser.get(f"{base}/admin/grants/finalreport/import/")
    wait_loaded(browser)
    assert unnamed_controls(browser) == []
    tab_to(browser, "input[type=file][name=import_file]").send_keys(str(upload))
    tab_to(browser, "select[name=format]")
    press(browser, "csv")
    submit_with_enter(browser, "main form[enctype] input[type=submit]")
    assert "Gent (9000)" in browser.find_element(By.CSS_SELECTOR, "table.import-preview").text
    assert overflow(browser) == [], "the import preview must fit a 1,366 px screen"
    assert unnamed_controls(browser) == []
    submit_with_enter(browser, "input[type=submit][name=confirm]")
    line = FinalReportLine.objects.get()
    assert (line.municipality_id, line.participants, line.report.status) == (GENT, 30, FinalReportStatus.SUBMITTED)


@pytest.mark.django_db(transaction=True)
def test_answer_download_with_the_keyboard_only(browser, live_server, reference_data, tmp_path):
    """The answer page's Word download, reached with Tab and started with Enter, arrives as a file."""
    base = live_server.url
    set_width(browser, DESKTOP)
    staff = manager(username="beheerder-download")
    call = open_call(year=datetime.date.today().year - 1, amount_per_municipality=Decimal("2000.00"))
    AwardFactory(application=ApplicationFactory(call=call, status=ApplicationStatus.AWARDED), funded=[GENT])
    browser.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    log_in_by_keyboard(browser, base, staff.username, PASSWORD)
    browser.get(f"{base}/rapporten/antwoord/{call.year}/")
    wait_loaded(browser)
    tab_to(browser, "main a[href$='antwoord.docx']")
    press(browser, Keys.ENTER)
    WebDriverWait(browser, 60).until(lambda _driver: [path for path in tmp_path.iterdir()
                                                      if path.suffix == ".docx"])
    (document,) = [path for path in tmp_path.iterdir() if path.suffix == ".docx"]
    assert document.read_bytes()[:2] == b"PK"

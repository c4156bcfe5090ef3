"""Every main page, per role, in a real Chromium at 1366 px (portal pages also at 390 px): nothing wider than
the screen, no table wider than its container, and no serious or critical axe-core violation (WCAG 2.1 AA).
A screenshot of each page and width goes to artifacts/screenshots/<test>/.

One browser session and the demo dataset; each role logs in once."""

import pytest
from django.contrib.auth import get_user_model
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from demo.dataset import DEMO_LOGINS
from grants.models import Application, ApplicationStatus, Award, FinalReport
from tests.conftest import skip_or_fail
from tests.e2e.audit import AXE_JS, axe_source, axe_violations, overflow, set_width

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DESKTOP, PHONE = 1366, 390
PASSWORDS = {login.username: login.password for login in DEMO_LOGINS}


def staff_pages(*, manager: bool) -> list[str]:
    application = Application.objects.filter(status=ApplicationStatus.AWARDED).order_by("-call__year").first()
    submitted = Application.objects.filter(status=ApplicationStatus.SUBMITTED).first() or application
    report = FinalReport.objects.order_by("-award__application__call__year").first()
    year = report.award.application.call.year
    pages = [
        "/beheer/", "/beheer/aanvragen/", f"/beheer/aanvragen/{application.pk}/",
        f"/beheer/aanvragen/{submitted.pk}/", "/beheer/eindrapporten/", f"/beheer/eindrapporten/{report.pk}/",
        "/rapporten/", "/rapporten/bereik/provincies/", "/rapporten/bereik/gemeenten/", "/rapporten/deelnemers/",
        "/rapporten/middelen/", "/rapporten/evolutie/", "/rapporten/kaarten/", f"/rapporten/antwoord/{year}/",
        "/account/password_change/", "/toegankelijkheid/", "/beheer/zoeken/?q=stem",
        f"/beheer/academies/{application.academy_id}/", "/api/v1/", "/open-data/",
    ]
    if manager:
        pages += ["/beheer/contactpersonen/uitnodigen/", "/admin/", "/beheer/oproepen/nieuw/",
                  f"/beheer/oproepen/{application.call_id}/bewerken/"]
    return pages


def contact_pages(username: str) -> list[str]:
    user = get_user_model().objects.get(username=username)
    applications = Application.objects.for_user(user).order_by("-call__year")
    award = Award.objects.for_user(user).order_by("-application__call__year").first()
    draft = applications.filter(status=ApplicationStatus.DRAFT).first()
    pages = ["/portaal/", f"/portaal/aanvragen/{applications.first().pk}/",
             f"/portaal/toekenningen/{award.pk}/eindrapport/", "/account/password_change/", "/toegankelijkheid/"]
    if draft is not None:
        pages += [f"/portaal/aanvragen/{draft.pk}/", f"/portaal/aanvragen/{draft.pk}/bewerken/",
                  f"/portaal/aanvragen/{draft.pk}/indienen/"]
    return pages


ANONYMOUS_PAGES = ["/account/login/", "/account/password_reset/", "/toegankelijkheid/", "/bestaat-niet/"]


class Auditor:
    def __init__(self, browser, base: str, folder):
        self.browser = browser
        self.base = base
        self.folder = folder
        self.axe = axe_source()
        self.problems: list[str] = []
        self.visited = 0

    def log_in(self, username: str | None) -> None:
        self.browser.delete_all_cookies()
        if username is None:
            return
        self.browser.get(f"{self.base}/account/login/")
        self.browser.find_element(By.NAME, "username").send_keys(username)
        self.browser.find_element(By.NAME, "password").send_keys(PASSWORDS[username])
        self.browser.find_element(By.CSS_SELECTOR, "main button[type=submit]").click()
        WebDriverWait(self.browser, 15).until(lambda driver: "/account/login/" not in driver.current_url)

    def check(self, role: str, path: str, width: int) -> None:
        set_width(self.browser, width)
        self.browser.get(f"{self.base}{path}")
        WebDriverWait(self.browser, 15).until(
            lambda driver: driver.execute_script("return document.readyState") == "complete")
        self.visited += 1
        name = f"{role}-{width}-{path.strip('/').replace('/', '_') or 'home'}"
        self.browser.save_screenshot(str(self.folder / f"{name}.png"))
        where = f"{role} {path} at {width} px"
        self.problems += [f"{where}: overflow: {line}" for line in overflow(self.browser)]
        self.problems += [f"{where}: axe {line}" for line in axe_violations(self.browser, self.axe)]


PRINT_PAGES = ["/rapporten/bereik/gemeenten/", "/rapporten/bereik/provincies/"]


def print_problems(browser, base: str, path: str) -> list[str]:
    """Print media: no navigation, filters or download links, and nothing wider than the page."""
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        browser.get(f"{base}{path}")
        shown = browser.execute_script(
            "return [...document.querySelectorAll('nav.navbar, form.filter-form, .table-exports, footer')]"
            ".filter(element => getComputedStyle(element).display !== 'none').map(element => element.className);")
        return [f"print {path}: shown: {name}" for name in shown] + [
            f"print {path}: overflow: {line}" for line in overflow(browser)]
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_every_main_page_fits_and_passes_axe(browser, live_server, demo_site, screenshot):
    if not AXE_JS.exists():
        skip_or_fail(f"{AXE_JS} is missing: run `make node_modules/.installed` (make test does)")
    folder = screenshot("00-start").parent
    auditor = Auditor(browser, live_server.url, folder)
    roles = [
        ("beheerder", "demo-beheerder", staff_pages(manager=True), [DESKTOP]),
        ("lezer", "demo-lezer", staff_pages(manager=False), [DESKTOP]),
        ("contact", "demo-vonk", contact_pages("demo-vonk"), [DESKTOP, PHONE]),
        ("anoniem", None, ANONYMOUS_PAGES, [DESKTOP, PHONE]),
    ]
    for role, username, pages, widths in roles:
        auditor.log_in(username)
        for path in pages:
            for width in widths:
                auditor.check(role, path, width)
        if role == "lezer":
            auditor.problems += [problem for path in PRINT_PAGES
                                 for problem in print_problems(browser, live_server.url, path)]
    assert auditor.visited >= 40
    assert not auditor.problems, "\n".join(auditor.problems)

"""A real headless Chromium (Debian's chromium + chromium-driver) driven by Selenium against pytest-django's
live server. Under CI a missing browser fails the run; on a developer's machine the browser tests skip."""

import os
import shutil
from pathlib import Path

import pytest

from academies.models import Academy, Municipality
from demo.dataset import OPEN_CALL_CODE
from demo.writing import build_demo_data
from grants.models import Application, ApplicationStatus, Call, Trajectory
from tests.conftest import load_reference_data, skip_or_fail

CHROMIUM = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def browser_missing() -> str | None:
    for path in (CHROMIUM, CHROMEDRIVER):
        if not (Path(path).exists() or shutil.which(path)):
            return f"{path} is not installed (apt-get install chromium chromium-driver)"
    return None


@pytest.fixture
def browser():
    missing = browser_missing()
    if missing:
        skip_or_fail(missing)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--no-first-run", "--window-size=1400,1100", "--lang=nl-BE"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": "nl-BE,nl"})
    options.binary_location = CHROMIUM
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(2)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def screenshot(browser, request):
    """`screenshot("03-submitted")` writes artifacts/screenshots/<test name>/03-submitted.png."""
    folder = SCREENSHOTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        path = folder / f"{name}.png"
        browser.save_screenshot(str(path))
        return path

    return take


@pytest.fixture
def demo_site(transactional_db):
    """The demo dataset plus, in the open call, a draft of De Vonk and a submitted application of Zilverzand, so
    the application form, the confirmation step and the decision forms are audited too."""
    load_reference_data()
    build_demo_data()
    call = Call.objects.get(code=OPEN_CALL_CODE)
    for code, status in (("demo-de-vonk", ApplicationStatus.DRAFT), ("demo-zilverzand", ApplicationStatus.SUBMITTED)):
        application = Application.objects.create(call=call, academy=Academy.objects.get(code=code), status=status,
                                                 forecast_participants=80)
        application.planned_municipalities.set(Municipality.objects.for_year(call.year).order_by("pk")[:3])
        Trajectory.objects.create(application=application, title="Robotica in de bibliotheek", age_min=8, age_max=12,
                                  half_days=6, municipality=application.planned_municipalities.first())

"""The answer page printed to PDF by a real Chromium: A4, no table wider than the page, every column in the PDF,
the maps embedded and the "stand op" line on the page."""

import base64
import io
import re
from decimal import Decimal

import pypdf
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from selenium.webdriver.common.print_page_options import PrintOptions

from grants.models import YearBudget
from tests.conftest import shared_data_path
from tests.grants.portal_setup import reader
from tests.reports.factories import call_of, funded_award, report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
A4_WIDTH_CM, A4_HEIGHT_CM = 21.0, 29.7
MARGIN_CM = 1.2


@pytest.fixture
def answer_data(reference_data):
    for name in ("flanders_municipalities_2019_2024.geojson", "flanders_municipalities_2025.geojson"):
        call_command("load_boundaries", str(shared_data_path(name)), stdout=io.StringIO())
    for year in (2021, 2022):
        call = call_of(year)
        first = funded_award(call=call, funded=["44021", "11002", "71022"], amount=Decimal("12000.00"))
        report(award=first, lines=[("44021", 600, 400, 200, None), ("11002", 250, 150, 100, None)])
        funded_award(call=call, funded=["31005"])
    YearBudget.objects.create(year=2023, amount=Decimal("2500000.00"))


def log_in(browser, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    browser.get(f"{live_server.url}/")
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    browser.add_cookie({"name": settings.SESSION_COOKIE_NAME, "value": session, "path": "/"})


def test_answer_page_prints_on_a4_without_losing_a_column(browser, live_server, screenshot, answer_data):
    log_in(browser, live_server, reader(username="lezer-print"))
    browser.get(f"{live_server.url}/rapporten/antwoord/2022/")
    assert "Stand op " + timezone.localdate().strftime("%d/%m/%Y") in browser.find_element("id", "answer-status").text
    assert len(browser.find_elements("css selector", "#answer-maps img.report-map")) == 6
    assert browser.execute_script("""
        return [...document.querySelectorAll('#answer-maps img.report-map')].every(
            image => image.complete && image.naturalWidth > 0);""")  # every map was served and drawn
    screenshot("01-answer-page")

    # Lay the page out as print does, at the width of A4 minus the margins, and measure every table.
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    printable_px = round((A4_WIDTH_CM - 2 * MARGIN_CM) / 2.54 * 96)
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": printable_px, "height": 1100, "deviceScaleFactor": 1, "mobile": False})
    widths = browser.execute_script("""
        const page = document.documentElement.clientWidth;
        return [...document.querySelectorAll('.answer-sheet table')].map(table => ({
            caption: (table.caption ? table.caption.textContent : table.id).trim(),
            right: table.getBoundingClientRect().right, scroll: table.scrollWidth,
            width: table.getBoundingClientRect().width, page: page}));""")
    assert len(widths) >= 3
    for table in widths:
        assert table["right"] <= table["page"] + 1, table
        assert table["scroll"] <= table["width"] + 1, table
    last_cells = browser.execute_script("""
        return [...document.querySelectorAll('.answer-sheet table tbody tr')].map(
            row => row.cells[row.cells.length - 1].textContent.trim()).filter(text => text);""")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

    options = PrintOptions()
    options.page_width, options.page_height = A4_WIDTH_CM, A4_HEIGHT_CM
    options.background = True
    pdf = base64.b64decode(browser.print_page(options))
    reader_pdf = pypdf.PdfReader(io.BytesIO(pdf))
    box = reader_pdf.pages[0].mediabox
    assert round(float(box.width) / 72 * 2.54, 1) == A4_WIDTH_CM
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader_pdf.pages).replace("\u00a0", " "))
    assert last_cells
    for cell in last_cells:
        assert re.sub(r"\s+", " ", cell).replace("\u00a0", " ") in text, cell  # the last column made it onto paper
    assert len(reader_pdf.pages) > 1
    assert all("Stand op" in page.extract_text() for page in reader_pdf.pages)  # the date travels with every page

"""The demo answer sheets 2019-2023 and their annex exports, byte for byte against stored copies.

The copies in `tests/reports/golden/` were made before issue 9 moved code around; a move must not change one
figure. When a change to the sheet or an export is intended, regenerate them and review the diff:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/reports/test_golden.py
    UPDATE_GOLDEN=1 DATABASE_URL=postgres://... .venv/bin/python -m pytest tests/reports/test_golden.py

One copy serves SQLite and PostgreSQL: the amounts per municipality are computed exactly in Python and rounded
once (issue 10), no longer divided by the database (SQLite divided in integers: 1666.00 for 1666.67).
"""

import io
import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from openpyxl import load_workbook

from tests.conftest import load_reference_data

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
YEARS = range(2019, 2024)
CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
STATUS_DATE = re.compile(r"(Stand op )\d{2}/\d{2}/\d{4}")  # the day the page is made, not a figure


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """`manage.py load_demo`, once for this module, rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_reference_data()
        call_command("load_demo", verbosity=0, stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def xlsx_as_text(content: bytes) -> bytes:
    """The cells of every sheet, one row a line, empty cells at the end of a row left out (an XLSX file itself
    carries a timestamp, and a writer may or may not store trailing empty cells)."""
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    lines = []
    for sheet in workbook.worksheets:
        lines.append(f"# {sheet.title}")
        for row in sheet.iter_rows(values_only=True):
            cells = list(row)
            while cells and cells[-1] is None:
                cells.pop()
            lines.append("\t".join(repr(cell) for cell in cells))
    return ("\n".join(lines) + "\n").encode()


def assert_golden(name: str, content: bytes) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    assert path.exists(), f"{path} is missing: run with UPDATE_GOLDEN=1 to make it"
    assert content == path.read_bytes(), f"{name} differs from its stored copy (UPDATE_GOLDEN=1 if intended)"


def get(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content


@pytest.mark.parametrize("year", YEARS)
def test_answer_sheet(demo, reader_client, year):
    html = get(reader_client, reverse("reports:answer-sheet", args=[year])).decode()
    assert_golden(f"answer-sheet-{year}.html", STATUS_DATE.sub(r"\1-", CSRF.sub(r"\1-\2", html)).encode())


@pytest.mark.parametrize("year", YEARS)
def test_annex_exports(demo, reader_client, year):
    reach = reverse("reports:reach-by-municipality") + f"?year={year}"
    participation = reverse("reports:participation") + f"?year={year}"
    assert_golden(f"{year}/reach-by-municipality.csv", get(reader_client, reach + "&_export=csv"))
    assert_golden(f"{year}/reach-by-municipality.xlsx.txt", xlsx_as_text(get(reader_client, reach + "&_export=xlsx")))
    assert_golden(f"{year}/participation.csv", get(reader_client, participation + "&_export=csv"))
    svg = get(reader_client, reverse("reports:map") + f"?year={year}&format=svg").decode()
    assert_golden(f"{year}/map.svg", STATUS_DATE.sub(r"\1-", svg).encode())


def test_yearless_annex_exports(demo, reader_client):
    assert_golden("money.csv", get(reader_client, reverse("reports:money") + "?_export=csv"))
    assert_golden("trend.csv", get(reader_client, reverse("reports:trend") + "?_export=csv"))
    assert_golden("money.xlsx.txt", xlsx_as_text(get(reader_client, reverse("reports:money") + "?_export=xlsx")))

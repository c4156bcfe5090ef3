"""Issue 27, point 3: the admin's import preview names the municipality of a cell ("Gent (9000)"), resolved as
the importer resolves it, and fits a 1,366 px screen (the browser check is tests/e2e/test_keyboard.py)."""

import pytest

from exchange.importing import KINDS
from exchange.preview import with_municipality_names
from tests.exchange.helpers import csv_bytes
from tests.exchange.test_admin import IMPORT_URL, manager_client, upload  # noqa: F401 (fixture)
from tests.factories import CallFactory

HEADER = ["oproep", "academie", "gemeente", "halve_dagen", "deelnemers"]


@pytest.mark.django_db
class TestWithMunicipalityNames:
    def test_postcode_nis_code_and_name(self, call_2022):
        rows = [(2, ["oproep-2022", "a", "9070", 1, 2]), (3, ["oproep-2022", "a", 46021, 1, 2]),
                (4, ["oproep-2022", "a", "Gent", 1, 2]), (5, ["oproep-2022", "a", "Nergenshuizen", 1, 2])]
        named = with_municipality_names(KINDS["finalreports"], HEADER, rows)
        assert [values[2] for _number, values in named] == [
            "Destelbergen (9070)", "Sint-Niklaas (46021)", "Gent", "Nergenshuizen"]

    def test_the_year_of_the_call_decides(self, db):
        CallFactory(code="oproep-2022", year=2022)
        CallFactory(code="oproep-2025", year=2025)
        rows = [(2, ["oproep-2022", "a", "9820", 1, 2]), (3, ["oproep-2025", "a", "9820", 1, 2])]
        named = with_municipality_names(KINDS["finalreports"], HEADER, rows)
        assert [values[2] for _number, values in named] == ["Merelbeke (9820)", "Merelbeke-Melle (9820)"]

    def test_aliases_and_lists(self, call_2022):
        header = ["call", "academy", "bedrag", "beslist_op", "municipalities"]
        named = with_municipality_names(KINDS["awards"], header, [(2, ["oproep-2022", "a", 1, "", "9000; 2000"])])
        assert named[0][1][4] == "Gent (9000), Antwerpen (2000)"


@pytest.mark.django_db
def test_the_admin_preview_names_the_municipality(manager_client, awarded_academies):  # noqa: F811
    data = csv_bytes([HEADER, ["oproep-2022", "academie-a", "9070", "4", "10"]])
    html = manager_client.post(IMPORT_URL, upload(data)).content.decode()
    assert "<td>Destelbergen (9070)</td>" in html
    assert 'class="exchange-preview-table"' in html

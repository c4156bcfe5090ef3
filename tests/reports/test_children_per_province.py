"""Children reached and gender per province (question 1 of the seed), with coverage, and the row of totals that are
not attributable to a municipality (never spread over provinces)."""

import csv
import io
import re

import openpyxl
import pytest
from django.urls import reverse

from reports import selectors
from tests.reports.factories import call_of, funded_award, report

pytestmark = pytest.mark.django_db

GENT, AALST, ANTWERPEN, HASSELT = "44021", "41002", "11002", "71022"


@pytest.fixture
def dataset():
    call = call_of(2022)
    report(award=funded_award(call=call, funded=[GENT, ANTWERPEN]),
           lines=[(GENT, 30, 20, 10, None), (ANTWERPEN, None, None, None, None)], participants=7, boys=7)
    report(award=funded_award(call=call, funded=[AALST]), lines=[(AALST, 12, None, None, None)])
    funded_award(call=call, funded=[HASSELT])


def by_name(reach):
    return {row.province: row for row in reach.rows}


def test_children_and_gender_per_province_with_coverage(dataset):
    reach = selectors.reach_by_province(year=2022)
    rows = by_name(reach)
    east = rows["Oost-Vlaanderen"]
    assert (east.participants, east.boys, east.girls) == (42, 20, 10)
    assert (east.reports_expected, east.reports_received, east.reports_with_participants,
            east.reports_with_split) == (2, 2, 2, 1)
    antwerp = rows["Antwerpen"]
    assert antwerp.participants is None and antwerp.reports_received == 1 and antwerp.pooled_boys_share is None
    limburg = rows["Limburg"]
    assert (limburg.reports_expected, limburg.reports_received, limburg.participants) == (1, 0, None)
    unattributed = reach.unattributed
    assert (unattributed.participants, unattributed.boys, unattributed.municipality_count) == (7, 7, None)
    flanders = reach.total
    assert flanders.participants == 49 == selectors.participation(year=2022).total.participants_at_least
    assert (flanders.reports_expected, flanders.reports_received, flanders.reports_with_split) == (3, 2, 1)
    assert flanders.pooled_boys_share == selectors.participation(year=2022).total.pooled_boys_share


def test_province_page_and_exports_have_the_unattributed_row(dataset, reader_client):
    page = reader_client.get(reverse("reports:reach-by-province") + "?year=2022").content.decode()
    assert "Niet toe te wijzen aan een gemeente" in page
    response = reader_client.get(reverse("reports:reach-by-province") + "?year=2022&_export=csv")
    rows = {row["Provincie"]: row
            for row in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")}
    assert rows["Oost-Vlaanderen"]["Deelnemers (minstens)"] == "42"
    assert rows["Oost-Vlaanderen"]["Jongens (gepoold)"] == "66,7"
    assert rows["Niet toe te wijzen aan een gemeente"]["Deelnemers (minstens)"] == "7"
    assert rows["Niet toe te wijzen aan een gemeente"]["Gemeenten in de provincie"] == ""
    assert rows["Vlaanderen"]["Deelnemers (minstens)"] == "49"
    assert rows["Antwerpen"]["Deelnemers (minstens)"] == ""
    response = reader_client.get(reverse("reports:reach-by-province") + "?year=2022&_export=xlsx")
    sheet = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    header = sheet[0]
    flanders = next(row for row in sheet if row[0] == "Vlaanderen")
    assert flanders[header.index("Deelnemers (minstens)")] == 49


def test_answer_sheet_has_children_per_province(dataset, reader_client):
    content = reader_client.get(reverse("reports:answer-sheet", args=[2022])).content.decode()
    table = re.search(r'<table[^>]*id="answer-province-table">(.*?)</table>', content, re.S).group(1)
    row = re.search(r'<tr><th scope="row">Oost-Vlaanderen</th>(.*?)</tr>', table, re.S).group(1)
    assert "<td class=\"num\">42</td>" in row and "66,7%" not in row and "67%" in row
    unattributed = re.search(r'<tr><th scope="row">Niet toe te wijzen aan een gemeente</th>(.*?)</tr>', table,
                             re.S).group(1)
    assert ">7<" in unattributed
    assert '<tfoot><tr><th scope="row">Vlaanderen</th>' in table

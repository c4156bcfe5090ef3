import csv
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from academies.models import Municipality
from tests.factories import StaffUserFactory, YearBudgetFactory
from tests.reports.factories import call_of, funded_award, report

pytestmark = pytest.mark.django_db

REPORT_URLS = [
    ("reports:index", {}, ""),
    ("reports:answer-sheet", {"year": 2022}, ""),
    ("reports:reach-by-province", {}, "?year=2022"),
    ("reports:reach-by-municipality", {}, "?year=2022"),
    ("reports:reach-by-municipality", {}, "?year=2022&_export=csv"),
    ("reports:reach-by-municipality", {}, "?year=2022&_export=xlsx"),
    ("reports:participation", {}, "?year=2022"),
    ("reports:money", {}, ""),
    ("reports:trend", {}, "?basis=today"),
    ("reports:map", {}, "?year=2022"),
    ("reports:map", {}, "?year=2022&format=svg"),
]


def url(name, kwargs, query):
    return reverse(name, kwargs=kwargs) + query


@pytest.fixture
def small_dataset():
    call = call_of(2022)
    report(award=funded_award(call=call, funded=["44021", "11002"]),
           lines=[("44021", 30, 20, 10, None), ("11002", None, None, None, None)], participants=7)
    report(award=funded_award(call=call, funded=["=cmd"[:0] or "24062"]), lines=[("24062", 12, 6, 6, None)])
    YearBudgetFactory(year=2023)


class TestAccess:
    @pytest.mark.parametrize(("name", "kwargs", "query"), REPORT_URLS)
    def test_academy_user_is_refused(self, client, academy_user, name, kwargs, query):
        client.force_login(academy_user)
        assert client.get(url(name, kwargs, query)).status_code in (403, 404)

    @pytest.mark.parametrize(("name", "kwargs", "query"), REPORT_URLS)
    def test_anonymous_user_is_sent_to_login(self, client, name, kwargs, query):
        response = client.get(url(name, kwargs, query))
        assert response.status_code == 302 and "/account/login/" in response["Location"]

    def test_staff_without_permissions_is_refused(self, client):
        client.force_login(StaffUserFactory())
        assert client.get(reverse("reports:index")).status_code == 403

    @pytest.mark.parametrize(("name", "kwargs", "query"), REPORT_URLS)
    def test_reader_sees_every_report(self, reader_client, small_dataset, name, kwargs, query):
        assert reader_client.get(url(name, kwargs, query)).status_code == 200


class TestPages:
    def test_reach_per_municipality_page_is_dutch_with_belgian_numbers(self, reader_client, small_dataset):
        content = reader_client.get(reverse("reports:reach-by-municipality") + "?year=2022&sort=-participants"
                                    ).content.decode()
        assert "Bereik per gemeente" in content
        assert "Niet toe te wijzen aan een gemeente" in content
        assert "€\u00a04.000,00" in content or "€\u00a02.000,00" in content
        assert 'scope="col"' in content and "<caption" in content
        assert "_export=xlsx" in content

    def test_csv_export_has_the_page_figures_and_the_unattributed_row(self, reader_client, small_dataset):
        response = reader_client.get(reverse("reports:reach-by-municipality") + "?year=2022&_export=csv")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
        header = rows[0]
        assert header[:3] == ["NIS-code", "Gemeente", "Provincie"]
        gent = next(line for line in rows if line[0] == "44021")
        assert gent[header.index("Deelnemers")] == "30"
        antwerpen = next(line for line in rows if line[0] == "11002")
        assert antwerpen[header.index("Deelnemers")] == ""
        unattributed = next(line for line in rows if line[1] == "Niet toe te wijzen aan een gemeente")
        assert unattributed[header.index("Deelnemers")] == "7"
        total = next(line for line in rows if line[1] == "Totaal (minstens)")
        assert total[header.index("Deelnemers")] == "49"
        assert len(rows) == 1 + 300 + 2

    def test_xlsx_export_keeps_numbers_numeric(self, reader_client, small_dataset):
        response = reader_client.get(reverse("reports:reach-by-municipality") + "?year=2022&_export=xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        header = rows[0]
        gent = next(line for line in rows if line[0] == "44021")
        assert gent[header.index("Deelnemers")] == 30
        assert gent[header.index("Bedrag (aandeel van toekenningen)")] == 2000

    def test_answer_sheet_on_a_small_dataset(self, reader_client, small_dataset):
        content = reader_client.get(reverse("reports:answer-sheet", args=[2022])).content.decode()
        assert "minstens 49 jongeren" in content
        assert "€\u00a02.500.000,00" in content

    def test_trend_page_has_charts(self, reader_client, small_dataset):
        content = reader_client.get(reverse("reports:trend")).content.decode()
        assert content.count('role="img"') >= 4
        shared = ('<script src="/static/bootstrap/js/bootstrap.bundle.min.js">',
                  '<script src="/static/js/form-errors.js">')
        for script in shared:
            content = content.replace(script, "")
        assert "<script" not in content  # the charts are drawn without JavaScript

    def test_map_without_boundaries_says_how_to_load_them(self, reader_client, small_dataset):
        content = reader_client.get(reverse("reports:map") + "?year=2022").content.decode()
        assert "load_boundaries" in content


def test_escape_formula_cells():
    from academies.belgian import neutralise_formula as escape_formula

    assert escape_formula("=SUM(A1)") == "'=SUM(A1)"
    assert escape_formula("@x") == "'@x"
    assert escape_formula("-1+2") == "'-1+2"
    assert escape_formula("Gent") == "Gent"
    assert escape_formula(-5) == -5
    assert escape_formula(Decimal("-1.50")) == Decimal("-1.50")


def test_formula_in_a_name_is_escaped_in_the_export(reader_client):
    call = call_of(2022)
    award = funded_award(call=call, funded=["44021"])
    award.application.academy.name = "=HYPERLINK(1)"
    award.application.academy.save()
    municipality = Municipality.objects.get(nis_code="44021")
    municipality.name_nl = "=cmd|' /C calc'!A0"
    municipality.save()
    response = reader_client.get(reverse("reports:reach-by-municipality") + "?year=2022&_export=csv")
    assert "'=cmd" in response.content.decode("utf-8-sig")


class TestTables:
    def rows(self):
        from reports.selectors import MunicipalityReach

        return [MunicipalityReach("1", "B", "p", "P", participants=None), MunicipalityReach("2", "A", "p", "P",
                participants=5), MunicipalityReach("3", "C", "p", "Q", participants=50)]

    @pytest.mark.parametrize(("order", "expected"), [("participants", ["2", "3", "1"]),
                                                      ("-participants", ["3", "2", "1"]),
                                                      ("-name", ["3", "1", "2"]),
                                                      (("province", "-participants"), ["2", "1", "3"])])
    def test_sorting_keeps_empty_values_last(self, order, expected):
        from reports.tables import MunicipalityReachTable

        table = MunicipalityReachTable(self.rows(), order_by=order)
        assert [row.record.nis_code for row in table.rows] == expected


HOSTILE_QUERIES = [
    "?year=abc", "?year=1999", "?year=2022&province=99999&call_kind=x", "?year=2022&organisation_type=y",
    "?year=2022&sort=nonsense", "?year=2022&page=999", "?year=2022&_export=pdf", "?year=2022&basis=tomorrow",
    "?year=2022&measure=<b>",
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
@pytest.mark.parametrize("name", ["reports:reach-by-province", "reports:reach-by-municipality",
                                  "reports:participation", "reports:money", "reports:trend", "reports:map"])
def test_hostile_query_strings_do_not_break_pages(reader_client, small_dataset, name, query):
    response = reader_client.get(reverse(name) + query)
    assert response.status_code in (200, 404)


@pytest.mark.parametrize("name", ["answer-sheet", "reach-by-province", "reach-by-municipality", "participation", "map"])
def test_year_in_the_page_title_is_not_grouped(reader_client, small_dataset, name):
    """A year is a label, not a quantity: 2022, never 2.022."""
    if name == "answer-sheet":
        url = reverse("reports:answer-sheet", args=[2022])
    else:
        url = f"{reverse(f'reports:{name}')}?year=2022"
    page = reader_client.get(url).content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "2022" in title
    assert "2.022" not in page

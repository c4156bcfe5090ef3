import datetime
import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from academies.belgian import FieldError
from academies.models import Academy, Municipality, Postcode
from academies.municipalities import MunicipalityResolver
from exchange.importing import KINDS
from exchange.services import import_file
from exchange.workbook_templates import municipality_values, template_workbook, template_years
from tests.exchange.helpers import xlsx_bytes
from tests.exchange.test_admin import manager_client, reader_client  # noqa: F401 (fixtures)
from tests.factories import AcademyFactory, CallFactory


def open_template(data: bytes):
    return load_workbook(io.BytesIO(data))


def validations_by_column(sheet) -> dict[str, str]:
    """Column letter -> the list formula of its data validation."""
    found = {}
    for validation in sheet.data_validations.dataValidation:
        assert validation.type == "list" and validation.showErrorMessage and validation.errorStyle == "stop"
        for cell_range in validation.sqref.ranges:
            found[cell_range.coord.split(":")[0].rstrip("0123456789")] = validation.formula1
    return found


@pytest.mark.django_db
class TestTemplateWorkbook:
    @pytest.mark.parametrize("year", [2022, 2025])
    def test_the_municipality_list_takes_what_the_importer_takes(self, year):
        """Issue 27, point 3: every listed value imports for the year, and every postcode the importer accepts
        for the year (alone or with the municipality's name) is on the list, as the number a typed postcode is."""
        values = municipality_values(year)
        resolver = MunicipalityResolver()
        for value in values:
            resolver.resolve(value, year)
        accepted = set()
        for code in Postcode.objects.values_list("code", flat=True).distinct():
            try:
                resolver.resolve(code, year)
            except FieldError:  # a postcode of two municipalities, or of none in the year
                continue
            accepted.add(int(code))
        assert accepted and accepted <= set(values)
        assert "9070 Destelbergen" in values and 9070 in values and 44013 in values
        assert "1804 Vilvoorde" in values and "1804 Zemst" in values and 1804 not in values

    def test_the_municipalities_sheet_lists_postcodes(self):
        sheet = open_template(template_workbook(KINDS["finalreports"], year=2022)).worksheets[1]
        assert [cell.value for cell in sheet[1]] == ["NIS-code", "naam", "provincie", "postcodes"]
        gent = next(row for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] == "44021")
        assert "9000" in gent[3].split(", ")

    def test_call_and_academy_codes_are_listed_and_offered(self):
        CallFactory(code="oproep-2021", year=2021, title="Uitrol 2021")
        CallFactory(code="oproep-2022", year=2022, title="Uitrol 2022")
        AcademyFactory(code="academie-a", name="De Vonk")
        workbook = open_template(template_workbook(KINDS["awards"], year=2022))
        found = validations_by_column(workbook.worksheets[0])
        assert found["A"] == "'oproepen'!$A$2:$A$3" and found["B"] == "'STEM-academies'!$A$2:$A$2"
        calls = list(workbook["oproepen"].iter_rows(values_only=True))
        assert calls[0] == ("code", "jaar", "soort", "titel")
        assert [row[0] for row in calls[1:]] == ["oproep-2022", "oproep-2021"]  # the template's year first
        assert list(workbook["STEM-academies"].iter_rows(min_row=2, values_only=True))[0][:2] == (
            "academie-a", "De Vonk")

    @pytest.mark.parametrize("kind", sorted(KINDS))
    def test_header_is_the_import_format_and_frozen(self, kind):
        workbook = open_template(template_workbook(KINDS[kind], year=2022))
        data = workbook.worksheets[0]
        assert [cell.value for cell in data[1]] == KINDS[kind].header()
        assert data.freeze_panes == "A2"
        assert data.max_row == 1

    @pytest.mark.parametrize("year, count", [(2022, 300), (2025, 285)])
    def test_second_sheet_lists_the_municipalities_of_the_year(self, year, count):
        workbook = open_template(template_workbook(KINDS["finalreports"], year=year))
        sheet = workbook.worksheets[1]
        assert sheet.title == f"gemeenten {year}"
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        assert len(rows) == count
        assert {row[0] for row in rows} == set(Municipality.objects.for_year(year).values_list("nis_code",
                                                                                              flat=True))

    def test_choice_and_municipality_columns_have_lists(self):
        workbook = open_template(template_workbook(KINDS["finalreports"], year=2022))
        found = validations_by_column(workbook.worksheets[0])
        lists = workbook["keuzelijsten"]
        assert lists.sheet_state == "hidden"
        assert found["C"] == "'keuzelijsten'!$A$2:$A$5"  # status
        assert found["D"] == f"'keuzelijsten'!$B$2:$B${len(municipality_values(2022)) + 1}"  # gemeente
        assert lists["B2"].value == "Aalst"
        assert [row[0] for row in lists.iter_rows(min_row=2, values_only=True) if row[0]] == [
            "ontwerp", "ingediend", "aanvaard", "teruggestuurd"]

    def test_academy_template_lists_organisation_types_and_seats(self):
        found = validations_by_column(open_template(template_workbook(KINDS["academies"], year=2025)).worksheets[0])
        assert set(found) == {"C", "D"}
        assert found["D"] == f"'keuzelijsten'!$B$2:$B${len(municipality_values(2025)) + 1}"

    def test_call_template_lists_call_kinds(self):
        workbook = open_template(template_workbook(KINDS["calls"], year=2022))
        assert set(validations_by_column(workbook.worksheets[0])) == {"C"}
        assert [row[0] for row in workbook["keuzelijsten"].iter_rows(min_row=2, values_only=True)] == [
            "uitrol academies", "samenwerkingsproject"]

    def test_a_file_filled_from_the_lists_imports(self):
        workbook = open_template(template_workbook(KINDS["academies"], year=2022))
        lists = list(workbook["keuzelijsten"].iter_rows(min_row=2, values_only=True))
        labels = [row[0] for row in lists if row[0]]
        places = [row[1] for row in lists]  # names, "9000 Gent", postcodes and NIS codes (numbers)
        step = len(places) // len(labels)
        rows = [KINDS["academies"].header()]
        rows += [[f"academie-{index}", f"Academie {index}", label, places[index * step], f"a{index}@example.be"]
                 for index, label in enumerate(labels)]
        summary = import_file(kind="academies", data=xlsx_bytes(rows))
        assert summary.created == len(labels) == Academy.objects.count()


@pytest.mark.django_db
class TestTemplateDownload:
    def test_admin_download(self, manager_client):  # noqa: F811
        response = manager_client.get("/admin/import/sjabloon/finalreports.xlsx?year=2022")
        assert response.status_code == 200
        assert response["Content-Disposition"] == 'attachment; filename="sjabloon-finalreports-2022.xlsx"'
        assert open_template(response.content).worksheets[1].title == "gemeenten 2022"

    def test_import_page_links_to_the_template(self, manager_client):  # noqa: F811
        response = manager_client.get("/admin/grants/finalreport/import/")
        assert 'action="/admin/import/sjabloon/finalreports.xlsx"' in response.content.decode()

    def test_import_page_lets_the_user_pick_the_year(self, manager_client):  # noqa: F811
        html = manager_client.get("/admin/grants/finalreport/import/").content.decode()
        assert 'action="/admin/import/sjabloon/finalreports.xlsx" method="get"' in html
        assert '<select name="year" id="id_template_year">' in html
        for year in template_years():
            assert f'<option value="{year}"' in html
        assert 2019 in template_years() and datetime.date.today().year + 1 in template_years()

    def test_a_year_outside_the_programme_is_not_found(self, manager_client):  # noqa: F811
        assert manager_client.get("/admin/import/sjabloon/finalreports.xlsx?year=1999").status_code == 404

    def test_readers_may_not_download_templates(self, reader_client):  # noqa: F811
        assert reader_client.get("/admin/import/sjabloon/finalreports.xlsx").status_code == 403

    def test_unknown_kind(self, manager_client):  # noqa: F811
        assert manager_client.get("/admin/import/sjabloon/nonsense.xlsx").status_code == 404

    def test_command(self, tmp_path):
        path = tmp_path / "sjabloon.xlsx"
        call_command("import_template", "awards", str(path), "--year", "2025", stderr=io.StringIO())
        workbook = open_template(path.read_bytes())
        assert [cell.value for cell in workbook.worksheets[0][1]] == KINDS["awards"].header()
        assert workbook.worksheets[1].title == "gemeenten 2025"


@pytest.mark.django_db
def test_a_formula_like_municipality_name_is_text_in_the_template():
    """Issue 22, finding 5: the municipalities sheet neutralises as every other writer of the app."""
    Municipality.objects.filter(nis_code="44021").update(name_nl='=HYPERLINK("http://x","Gent")')
    sheet = open_template(template_workbook(KINDS["finalreports"], year=2022)).worksheets[1]
    cells = [row[1] for row in sheet.iter_rows(min_row=2) if row[0].value == "44021"]
    assert [(cell.value, cell.data_type) for cell in cells] == [('\'=HYPERLINK("http://x","Gent")', "s")]

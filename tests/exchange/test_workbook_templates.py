import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from academies.models import Academy, Municipality
from exchange.importing import KINDS
from exchange.services import import_file
from exchange.workbook_templates import template_workbook
from tests.exchange.helpers import xlsx_bytes
from tests.exchange.test_admin import manager_client, reader_client  # noqa: F401 (fixtures)


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
        assert found["D"] == "'gemeenten 2022'!$B$2:$B$301"  # gemeente
        lists = workbook["keuzelijsten"]
        assert lists.sheet_state == "hidden"
        assert found["C"] == "'keuzelijsten'!$A$2:$A$5"  # status
        assert [row[0] for row in lists.iter_rows(min_row=2, values_only=True) if row[0]] == [
            "ontwerp", "ingediend", "aanvaard", "teruggestuurd"]

    def test_academy_template_lists_organisation_types_and_seats(self):
        found = validations_by_column(open_template(template_workbook(KINDS["academies"], year=2025)).worksheets[0])
        assert set(found) == {"C", "D"}
        assert found["D"] == "'gemeenten 2025'!$B$2:$B$286"

    def test_call_template_lists_call_kinds(self):
        workbook = open_template(template_workbook(KINDS["calls"], year=2022))
        assert set(validations_by_column(workbook.worksheets[0])) == {"C"}
        assert [row[0] for row in workbook["keuzelijsten"].iter_rows(min_row=2, values_only=True)] == [
            "uitrol academies", "samenwerkingsproject"]

    def test_a_file_filled_from_the_lists_imports(self):
        workbook = open_template(template_workbook(KINDS["academies"], year=2022))
        labels = [row[0] for row in workbook["keuzelijsten"].iter_rows(min_row=2, values_only=True)]
        names = [row[1] for row in workbook.worksheets[1].iter_rows(min_row=2, values_only=True)]
        rows = [KINDS["academies"].header()]
        rows += [[f"academie-{index}", f"Academie {index}", label, names[index * 7], f"a{index}@example.be"]
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
        assert 'href="/admin/import/sjabloon/finalreports.xlsx"' in response.content.decode()

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

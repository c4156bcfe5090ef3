import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from academies.belgian import FORMULA_PREFIXES
from exchange.services import export_file
from tests.exchange.helpers import read_xlsx_cells
from tests.factories import AcademyFactory, AwardFactory, CallFactory

FORMULA_NAME = '=HYPERLINK("http://x","y")'
PHONE = "+32 2 553 00 00"


@pytest.fixture
def dangerous_award(db):
    academy = AcademyFactory(code="gevaar", name=FORMULA_NAME)
    return AwardFactory(application__call=CallFactory(code="oproep-2022", year=2022), application__academy=academy,
                        amount=Decimal("464500.00"), decided_on=datetime.date(2022, 5, 4), amount_reason=PHONE)


def export(kind: str, file_format: str) -> bytes:
    buffer = io.BytesIO()
    export_file(kind=kind, stream=buffer, file_format=file_format)
    return buffer.getvalue()


@pytest.mark.django_db
class TestFormulaNeutralisation:
    def test_csv_cells_never_start_a_formula(self, dangerous_award):
        for kind in ("academies", "awards"):
            rows = list(csv.reader(io.StringIO(export(kind, "csv").decode("utf-8-sig")), delimiter=";"))
            cells = [cell for row in rows for cell in row]
            assert not [cell for cell in cells if cell.startswith(FORMULA_PREFIXES)]
        awards = list(csv.reader(io.StringIO(export("awards", "csv").decode("utf-8-sig")), delimiter=";"))
        assert awards[1][2] == "464500,00"  # decimal comma, as Excel in Belgium reads it
        assert awards[1][5] == "'" + PHONE
        academies = list(csv.reader(io.StringIO(export("academies", "csv").decode("utf-8-sig")), delimiter=";"))
        assert "'" + FORMULA_NAME in academies[1]

    def test_xlsx_has_no_formula_and_amounts_stay_numbers(self, dangerous_award):
        for kind in ("academies", "awards"):
            for row in read_xlsx_cells(export(kind, "xlsx")):
                for cell in row:
                    assert cell.data_type != "f"
                    assert not (isinstance(cell.value, str) and cell.value.startswith(FORMULA_PREFIXES))
        header, award = read_xlsx_cells(export("awards", "xlsx"))
        amount = award[[cell.value for cell in header].index("bedrag")]
        assert amount.data_type == "n"
        assert amount.value == 464500
        decided = award[[cell.value for cell in header].index("beslist_op")]
        assert decided.is_date

    def test_the_neutralised_file_imports_back_to_the_original_text(self, dangerous_award, tmp_path):
        from academies.models import Academy
        from grants.models import Award

        for file_format in ("csv", "xlsx"):
            path = tmp_path / f"academies.{file_format}"
            path.write_bytes(export("academies", file_format))
            Academy.objects.filter(code="gevaar").update(name="tijdelijk")
            call_command("import_data", "academies", str(path), stdout=io.StringIO())
            assert Academy.objects.get(code="gevaar").name == FORMULA_NAME
        path = tmp_path / "awards.csv"
        path.write_bytes(export("awards", "csv"))
        Award.objects.update(amount_reason="")
        call_command("import_data", "awards", str(path), stdout=io.StringIO())
        assert Award.objects.get().amount_reason == PHONE


@pytest.mark.django_db
def test_export_data_command_writes_one_year(tmp_path):
    AwardFactory(application__call=CallFactory(code="oproep-2021", year=2021))
    AwardFactory(application__call=CallFactory(code="oproep-2022", year=2022))
    path = tmp_path / "awards.csv"
    call_command("export_data", "awards", str(path), "--year", "2022", stderr=io.StringIO())
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8-sig")), delimiter=";"))
    assert [row[0] for row in rows[1:]] == ["oproep-2022"]

"""Defect 8 of issue 10: recognitions and year budgets travel as spreadsheets like the other kinds
(docs/import-formats.md), so a dataset loaded only through the import formats has recognised academies and a
budget for next year."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from academies.models import Recognition
from grants.models import YearBudget
from tests.exchange.helpers import csv_bytes
from tests.factories import AcademyFactory, YearBudgetFactory

pytestmark = pytest.mark.django_db

RECOGNITIONS = ["academie", "geldig_vanaf", "geldig_tot", "referentie"]
BUDGETS = ["jaar", "bedrag", "notitie"]


def run(kind: str, rows: list[list], tmp_path, *extra) -> str:
    path = tmp_path / f"{kind}.csv"
    path.write_bytes(csv_bytes(rows))
    out = io.StringIO()
    call_command("import_data", kind, str(path), *extra, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def export(kind: str, tmp_path) -> str:
    path = tmp_path / f"export-{kind}.csv"
    call_command("export_data", kind, str(path), stdout=io.StringIO())
    return path.read_text(encoding="utf-8-sig")


class TestDefect8RecognitionsAndYearBudgetsCanBeLoadedFromFiles:
    def test_recognitions_import_update_and_export(self, tmp_path):
        AcademyFactory(code="maakbib-gent")
        AcademyFactory(code="jeugd-stem")
        run("recognitions", [RECOGNITIONS, ["maakbib-gent", "01/01/2019", "", "ER-2019-1"],
                             ["jeugd-stem", "2020-03-01", "31/12/2021", ""]], tmp_path)
        assert sorted(Recognition.objects.values_list("academy__code", "valid_from", "valid_to", "reference")) == [
            ("jeugd-stem", datetime.date(2020, 3, 1), datetime.date(2021, 12, 31), ""),
            ("maakbib-gent", datetime.date(2019, 1, 1), None, "ER-2019-1")]
        exported = export("recognitions", tmp_path)
        assert exported.splitlines()[0] == ";".join(RECOGNITIONS)
        assert "maakbib-gent;2019-01-01;;ER-2019-1" in exported
        path = tmp_path / "again.csv"
        path.write_text(exported, encoding="utf-8")
        out = io.StringIO()
        call_command("import_data", "recognitions", str(path), stdout=out)
        assert Recognition.objects.count() == 2
        run("recognitions", [RECOGNITIONS, ["jeugd-stem", "01/03/2020", "31/12/2022", ""]], tmp_path)
        assert Recognition.objects.get(academy__code="jeugd-stem").valid_to == datetime.date(2022, 12, 31)

    def test_recognition_errors_name_row_and_column(self, tmp_path):
        AcademyFactory(code="maakbib-gent")
        with pytest.raises(CommandError):
            run("recognitions", [RECOGNITIONS, ["onbekend", "01/01/2019", "", ""],
                                 ["maakbib-gent", "01/01/2020", "31/12/2019", ""],
                                 ["maakbib-gent", "", "", ""]], tmp_path)
        assert not Recognition.objects.exists()

    def test_year_budgets_import_update_and_export(self, tmp_path):
        YearBudgetFactory(year=2023, amount=Decimal("1000000.00"))
        run("yearbudgets", [BUDGETS, ["2023", "€ 2.500.000,00", "Begroting 2023"], ["2021", "1.750.000,00", ""]],
            tmp_path)
        assert sorted(YearBudget.objects.values_list("year", "amount", "note")) == [
            (2021, Decimal("1750000.00"), ""), (2023, Decimal("2500000.00"), "Begroting 2023")]
        exported = export("yearbudgets", tmp_path)
        assert exported.splitlines()[0] == ";".join(BUDGETS)
        assert "2023;2500000,00;Begroting 2023" in exported or "2023;2500000.00;Begroting 2023" in exported

    def test_year_budget_errors(self, tmp_path):
        with pytest.raises(CommandError):
            run("yearbudgets", [BUDGETS, ["1999", "100", ""], ["2022", "-5", ""], ["2022", "abc", ""],
                                ["2024", "10", ""], ["2024", "20", ""]], tmp_path)
        assert not YearBudget.objects.exists()

    def test_export_permissions_follow_the_owning_kinds(self):
        from exchange.importing import get_kind

        assert get_kind("recognitions").import_permission == "academies.import_academy"
        assert get_kind("yearbudgets").export_permission == "grants.export_call"


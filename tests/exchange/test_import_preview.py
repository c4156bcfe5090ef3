"""See exactly what will change before it changes: the diff per changed row (old -> new per cell), the summary per
column, the summary per part (reports and lines), and unrecognised headers - in the admin and in the command."""

import io

import pytest
from django.core.management import CommandError, call_command

from exchange.services import import_file
from grants.models import FinalReportLine
from tests.exchange.helpers import csv_bytes
from tests.exchange.test_admin import IMPORT_URL, manager_client, upload  # noqa: F401 (fixture)
from tests.factories import FinalReportFactory, FinalReportLineFactory

HEADER = ["oproep", "academie", "gemeente", "halve_dagen", "deelnemers", "jongens", "meisjes"]


@pytest.fixture
def stored_lines(awarded_academies):
    """academie-a: Gent 1200 (700/500) and Sint-Niklaas 30; academie-b: Antwerpen 12."""
    report_a = FinalReportFactory(award=awarded_academies[0], unattributed_participants=None)
    report_b = FinalReportFactory(award=awarded_academies[1], unattributed_participants=None)
    return [FinalReportLineFactory(report=report_a, municipality_id="44021", half_days=4, participants=1200, boys=700,
                                   girls=500, other=None),
            FinalReportLineFactory(report=report_a, municipality_id="46021", half_days=2, participants=30, boys=None,
                                   girls=None, other=None),
            FinalReportLineFactory(report=report_b, municipality_id="11002", half_days=1, participants=12, boys=None,
                                   girls=None, other=None)]


def erasing_file() -> bytes:
    """Gent loses its counts, Sint-Niklaas goes from 30 to 31, Antwerpen is unchanged, Leuven is new."""
    return csv_bytes([HEADER,
                      ["oproep-2022", "academie-a", "44021", 4, "", "", ""],
                      ["oproep-2022", "academie-a", "46021", 2, 31, "", ""],
                      ["oproep-2022", "academie-b", "11002", 1, 12, "", ""],
                      ["oproep-2022", "academie-b", "24062", 1, 5, "", ""]])


@pytest.mark.django_db
class TestSummary:
    def test_reports_and_lines_are_counted_apart(self, stored_lines):
        summary = import_file(kind="finalreports", data=erasing_file(), dry_run=True)
        assert summary.describe() == ("2 eindrapportages (0 nieuw, 0 gewijzigd, 2 ongewijzigd), "
                                      "4 regels (1 nieuw, 2 gewijzigd, 1 ongewijzigd)")

    def test_one_part_kind(self, db):
        data = csv_bytes([["code", "naam", "type_organisatie", "gemeente_zetel", "email"],
                          ["a", "A", "school", "Gent", "a@example.be"]])
        assert import_file(kind="academies", data=data).describe() == ("1 STEM-academie (1 nieuw, 0 gewijzigd, "
                                                                       "0 ongewijzigd)")

    def test_changes_per_row_old_and_new(self, stored_lines):
        summary = import_file(kind="finalreports", data=erasing_file(), dry_run=True)
        assert [change.describe() for change in summary.changes] == [
            "rij 2 (oproep-2022 / academie-a / 44021): deelnemers 1.200 → (leeg), jongens 700 → (leeg), "
            "meisjes 500 → (leeg)",
            "rij 3 (oproep-2022 / academie-a / 46021): deelnemers 30 → 31",
        ]

    def test_changes_per_column(self, stored_lines):
        summary = import_file(kind="finalreports", data=erasing_file(), dry_run=True)
        assert summary.describe_columns() == ["deelnemers: 1 waarde gewist, 1 gewijzigd",
                                              "jongens: 1 waarde gewist", "meisjes: 1 waarde gewist"]

    def test_report_level_changes_are_listed_too(self, stored_lines):
        data = csv_bytes([["oproep", "academie", "status", "niet_toewijsbaar_deelnemers"],
                          ["oproep-2022", "academie-a", "aanvaard", 40]])
        summary = import_file(kind="finalreports", data=data, dry_run=True)
        (change,) = summary.changes
        assert change.describe().startswith("rij 2 (oproep-2022 / academie-a): status ")
        assert "niet_toewijsbaar_deelnemers (leeg) → 40" in change.describe()


@pytest.mark.django_db
class TestCommand:
    def write(self, tmp_path, data: bytes):
        path = tmp_path / "eindrapportages.csv"
        path.write_bytes(data)
        return str(path)

    def test_dry_run_shows_the_diff_and_the_column_summary(self, stored_lines, tmp_path):
        out = io.StringIO()
        call_command("import_data", "finalreports", self.write(tmp_path, erasing_file()), "--dry-run", stdout=out)
        output = out.getvalue()
        assert "rij 2 (oproep-2022 / academie-a / 44021): deelnemers 1.200 → (leeg)" in output
        assert "deelnemers: 1 waarde gewist, 1 gewijzigd" in output
        assert "4 regels (1 nieuw, 2 gewijzigd, 1 ongewijzigd)" in output
        assert FinalReportLine.objects.get(municipality_id="44021").participants == 1200

    def test_unrecognised_header_is_reported(self, stored_lines, tmp_path):
        data = csv_bytes([["oproep", "academie", "gemeente", "halve_dagen", "Deelnemers (aantal)"],
                          ["oproep-2022", "academie-a", "44021", 4, 1250]])
        out, err = io.StringIO(), io.StringIO()
        call_command("import_data", "finalreports", self.write(tmp_path, data), stdout=out, stderr=err)
        assert "kolom 'Deelnemers (aantal)' genegeerd - bedoelt u 'deelnemers'?" in err.getvalue()
        assert FinalReportLine.objects.get(municipality_id="44021").participants == 1200

    def test_strict_stops_on_an_unrecognised_header(self, stored_lines, tmp_path):
        data = csv_bytes([["oproep", "academie", "gemeente", "halve_dagen", "Deelnemers (aantal)"],
                          ["oproep-2022", "academie-a", "44021", 5, 1250]])
        err = io.StringIO()
        with pytest.raises(CommandError):
            call_command("import_data", "finalreports", self.write(tmp_path, data), "--strict",
                         stdout=io.StringIO(), stderr=err)
        assert "kolom 'Deelnemers (aantal)' genegeerd - bedoelt u 'deelnemers'?" in err.getvalue()
        assert FinalReportLine.objects.get(municipality_id="44021").half_days == 4

    def test_header_only_file_exits_non_zero(self, awarded_academies, tmp_path):
        err = io.StringIO()
        with pytest.raises(CommandError):
            call_command("import_data", "finalreports", self.write(tmp_path, csv_bytes([HEADER])),
                         stdout=io.StringIO(), stderr=err)
        assert "Het bestand bevat geen gegevensrijen" in err.getvalue()


@pytest.mark.django_db
class TestAdminPreview:
    def test_preview_shows_old_and_new_values_and_the_column_summary(self, manager_client, stored_lines):  # noqa: F811
        response = manager_client.post(IMPORT_URL, upload(erasing_file()))
        page = response.content.decode()
        assert "deelnemers: 1 waarde gewist, 1 gewijzigd" in page
        assert "1.200 → (leeg)" in page
        assert "30 → 31" in page
        assert FinalReportLine.objects.get(municipality_id="44021").participants == 1200

    def test_header_only_file_is_refused_on_the_form(self, manager_client, awarded_academies):  # noqa: F811
        response = manager_client.post(IMPORT_URL, upload(csv_bytes([HEADER])))
        assert "Het bestand bevat geen gegevensrijen, alleen een kopregel." in str(response.context["form"].errors)

    def test_unrecognised_header_stops_the_import_unless_confirmed(self, manager_client, stored_lines):  # noqa: F811
        data = csv_bytes([["oproep", "academie", "gemeente", "halve_dagen", "Deelnemers (aantal)"],
                          ["oproep-2022", "academie-a", "44021", 5, 1250]])
        response = manager_client.post(IMPORT_URL, upload(data))
        assert "kolom &#x27;Deelnemers (aantal)&#x27; genegeerd - bedoelt u &#x27;deelnemers&#x27;?" in \
            response.content.decode()
        assert 'name="ignore_unknown_columns"' in response.content.decode()
        response = manager_client.post("/admin/grants/finalreport/process_import/",
                                       dict(response.context["confirm_form"].initial), follow=True)
        assert FinalReportLine.objects.get(municipality_id="44021").half_days == 4  # stopped
        assert "genegeerd - bedoelt u" in response.content.decode()
        response = manager_client.post(IMPORT_URL, upload(data))
        manager_client.post("/admin/grants/finalreport/process_import/",
                            {**response.context["confirm_form"].initial, "ignore_unknown_columns": "on"})
        assert FinalReportLine.objects.get(municipality_id="44021").half_days == 5

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from academies.models import Municipality
from exchange.errors import ImportFailed
from exchange.services import import_file
from grants.models import FinalReport, FinalReportLine
from tests.exchange.helpers import csv_bytes, xlsx_bytes
from tests.factories import AcademyFactory, AwardFactory, CallFactory

HEADER = ["oproep", "academie", "status", "gemeente", "halve_dagen", "deelnemers", "jongens", "meisjes", "andere",
          "niet_toewijsbaar_deelnemers"]


def history_counts() -> tuple[int, int]:
    return FinalReport.history.count(), FinalReportLine.history.count()


@pytest.mark.django_db
class TestBelgianFiles:
    def test_windows_1252_semicolon_csv(self, awarded_academies):
        data = csv_bytes([
            HEADER,
            ["oproep-2022", "academie-a", "ingediend", "Gent", 4, "1.234", 700, 500, "", ""],
            ["oproep-2022", "academie-a", "", "Sint-Niklaas", 2, "", "", "", "", ""],
            ["oproep-2022", "academie-b", "aanvaard", "", "", "", "", "", "", 37],
        ], encoding="cp1252")
        summary = import_file(kind="finalreports", data=data)
        assert summary.created == 4  # two reports, two lines
        gent = FinalReportLine.objects.get(municipality_id="44021")
        assert (gent.half_days, gent.participants, gent.boys, gent.girls, gent.other) == (4, 1234, 700, 500, None)
        assert FinalReportLine.objects.get(municipality_id="46021").participants is None
        report_b = FinalReport.objects.get(award__application__academy__code="academie-b")
        assert report_b.unattributed_participants == 37
        assert report_b.unattributed_boys is None
        assert report_b.status == "accepted"
        assert not report_b.lines.exists()

    def test_bom_utf8_comma_csv(self, awarded_academies):
        data = csv_bytes([HEADER, ["oproep-2022", "academie-c", "submitted", "44021", "3", "12", "7", "5", "", ""]],
                         delimiter=",", bom=True)
        import_file(kind="finalreports", data=data)
        line = FinalReportLine.objects.get()
        assert (line.report.award.application.academy.code, line.participants, line.girls) == ("academie-c", 12, 5)

    def test_xlsx(self, awarded_academies):
        data = xlsx_bytes([HEADER, ["oproep-2022", "academie-a", "submitted", 44021, 4, 20, 12, 8, None, None],
                           ["oproep-2022", "academie-a", None, "9300", 1, None, None, None, None, None]])
        summary = import_file(kind="finalreports", data=data)
        assert summary.created == 3
        assert FinalReportLine.objects.get(municipality_id="44021").participants == 20


@pytest.mark.django_db
class TestAllOrNothing:
    @pytest.fixture
    def thousand_rows(self):
        call = CallFactory(code="oproep-2022", year=2022)
        municipalities = list(Municipality.objects.for_year(2022).order_by("nis_code")
                              .values_list("nis_code", flat=True))
        rows = [HEADER]
        for index in range(4):
            academy = AcademyFactory(code=f"academie-{index}")
            AwardFactory(application__call=call, application__academy=academy)
            for nis_code in municipalities[:250]:
                rows.append(["oproep-2022", academy.code, "", nis_code, 2, 10, 5, 5, "", ""])
        return rows

    def test_one_bad_row_among_a_thousand_writes_nothing_and_names_row_and_column(self, thousand_rows):
        spare = Municipality.objects.for_year(2022).order_by("nis_code").last().nis_code  # not among the 250
        assert spare not in {row[3] for row in thousand_rows}
        rows = thousand_rows[:501] + [["oproep-2022", "academie-3", "", spare, 2, 10, 5, "abc", "", ""]] \
            + thousand_rows[501:]
        assert len(rows) == 1002
        with pytest.raises(ImportFailed) as failure:
            import_file(kind="finalreports", data=csv_bytes(rows))
        assert [str(error) for error in failure.value.row_errors] == [
            "rij 502, kolom 'meisjes': 'abc' is geen geheel getal"]
        assert not FinalReport.objects.exists()
        assert not FinalReportLine.objects.exists()
        assert history_counts() == (0, 0)

    def test_errors_are_in_english_when_english_is_active(self, thousand_rows):
        rows = thousand_rows[:3] + [["oproep-2022", "academie-0", "", "", 2, 10, 5, "abc", "", ""]]
        with translation.override("en"), pytest.raises(ImportFailed) as failure:
            import_file(kind="finalreports", data=csv_bytes(rows))
        assert str(failure.value.row_errors[0]) == "row 4, column 'meisjes': 'abc' is not a whole number"

    def test_every_error_is_reported(self, awarded_academies):
        rows = [HEADER,
                ["oproep-2022", "academie-a", "", "44021", 2, 10, 8, 5, "", ""],
                ["oproep-2022", "onbekend", "", "Nergenshuizen", -1, "", "", "", "", ""],
                ["oproep-2022", "academie-a", "", "44021", 2, "", "", "", "", ""]]
        with pytest.raises(ImportFailed) as failure:
            import_file(kind="finalreports", data=csv_bytes(rows))
        located = [(error.row, error.column) for error in failure.value.row_errors]
        assert (2, "deelnemers") in located  # 8 + 5 > 10
        assert (3, "academie") in located
        assert (3, "gemeente") in located
        assert (3, "halve_dagen") in located
        assert (4, "gemeente") in located  # the same municipality twice for one report

    def test_reimport_is_a_no_op(self, thousand_rows):
        data = csv_bytes(thousand_rows)
        first = import_file(kind="finalreports", data=data)
        assert first.created == 4 + 1000
        counts = (FinalReport.objects.count(), FinalReportLine.objects.count(), *history_counts())
        second = import_file(kind="finalreports", data=data)
        assert (second.created, second.updated, second.unchanged) == (0, 0, 1000)
        assert (FinalReport.objects.count(), FinalReportLine.objects.count(), *history_counts()) == counts

    def test_changed_row_updates_one_line_with_history(self, awarded_academies):
        rows = [HEADER, ["oproep-2022", "academie-a", "", "44021", 2, 10, "", "", "", ""],
                ["oproep-2022", "academie-a", "", "9300", 2, 10, "", "", "", ""]]
        import_file(kind="finalreports", data=csv_bytes(rows))
        rows[1][5] = 11
        summary = import_file(kind="finalreports", data=csv_bytes(rows))
        assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 1)
        line = FinalReportLine.objects.get(municipality_id="44021")
        assert line.participants == 11
        assert line.history.count() == 2

    def test_dry_run_writes_nothing(self, awarded_academies):
        rows = [HEADER, ["oproep-2022", "academie-a", "", "44021", 2, 10, "", "", "", ""]]
        summary = import_file(kind="finalreports", data=csv_bytes(rows), dry_run=True)
        assert summary.created == 2
        assert not FinalReport.objects.exists()


@pytest.mark.django_db
class TestMunicipalitiesByYear:
    def test_2025_merger_resolves_a_2022_row_to_the_old_municipality(self):
        for year in (2022, 2025):
            call = CallFactory(code=f"oproep-{year}", year=year)
            AwardFactory(application__call=call, application__academy=AcademyFactory(code="academie-z"))
        rows = [HEADER, ["oproep-2022", "academie-z", "", "2070", 1, "", "", "", "", ""],
                ["oproep-2025", "academie-z", "", "2070", 1, "", "", "", "", ""],
                ["oproep-2022", "academie-z", "", "Hasselt", 1, "", "", "", "", ""],
                ["oproep-2025", "academie-z", "", "Hasselt", 1, "", "", "", "", ""]]
        import_file(kind="finalreports", data=csv_bytes(rows))
        by_year = {year: sorted(FinalReportLine.objects.for_year(year).values_list("municipality_id", flat=True))
                   for year in (2022, 2025)}
        assert by_year == {2022: ["11056", "71022"], 2025: ["46030", "71072"]}

    def test_a_2025_code_in_a_2022_row_is_an_error(self, awarded_academies):
        rows = [HEADER, ["oproep-2022", "academie-a", "", "46030", 1, "", "", "", "", ""]]
        with pytest.raises(ImportFailed) as failure:
            import_file(kind="finalreports", data=csv_bytes(rows))
        assert "2022" in str(failure.value.row_errors[0])

    def test_ambiguous_postcode_lists_the_candidates(self, awarded_academies):
        rows = [HEADER, ["oproep-2022", "academie-a", "", "1804", 1, "", "", "", "", ""]]
        with pytest.raises(ImportFailed) as failure:
            import_file(kind="finalreports", data=csv_bytes(rows))
        error = failure.value.row_errors[0]
        assert (error.row, error.column) == (2, "gemeente")
        assert "Vilvoorde (23088)" in error.message and "Zemst (23096)" in error.message
        assert not FinalReport.objects.exists()


@pytest.mark.django_db
def test_decimal_comma_amounts_in_a_windows_1252_award_file(call_2022):
    AcademyFactory(code="academie-e", name="Académie É")
    data = csv_bytes([
        ["oproep", "academie", "bedrag", "beslist_op", "gemeenten", "motivering_bedrag"],
        ["oproep-2022", "academie-e", "€ 4.500,50", "04/05/2022", "Gent; 9300; 11002", "één extra gemeente"],
    ], encoding="cp1252")
    import_file(kind="awards", data=data)
    from grants.models import Award

    award = Award.objects.get()
    assert award.amount == Decimal("4500.50")
    assert award.decided_on == datetime.date(2022, 5, 4)
    assert award.amount_reason == "één extra gemeente"
    assert sorted(award.funded_municipalities.values_list("nis_code", flat=True)) == ["11002", "41002", "44021"]
    assert award.application.status == "awarded"

"""Imports of files that Belgian office software really writes: LibreOffice (converted in the test with soffice) and
openpyxl. Each case of issue 11: amounts as `€ 12.500`, absent and unrecognised columns, formula cells, float noise,
the header-only file, the oversized CSV cell."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook

from exchange.errors import ImportFailed
from exchange.services import import_file
from grants.models import Award, Call, FinalReport, FinalReportLine
from tests.exchange.helpers import csv_bytes, xlsx_bytes
from tests.exchange.office import BELGIAN_CSV_FILTER, XLSX_FILTER, Currency, Formula, Grouped, fods
from tests.factories import (
    AcademyFactory,
    AwardFactory,
    FinalReportFactory,
    FinalReportLineFactory,
    PartnershipCallFactory,
)

AWARD_HEADER = ["oproep", "academie", "bedrag", "beslist_op"]
REPORT_HEADER = ["oproep", "academie", "gemeente", "halve_dagen", "deelnemers", "jongens", "meisjes"]

SHEETS = {
    "awards_whole_euros": [AWARD_HEADER,
                           ["oproep-2022", "academie-a", Currency(12500), datetime.date(2022, 5, 4)],
                           ["oproep-2022", "academie-b", Grouped(4000), datetime.date(2022, 5, 4)],
                           ["oproep-2022", "academie-c", Currency(Decimal("12500.50"), 2), datetime.date(2022, 5, 4)]],
    "report_without_gender": [["oproep", "academie", "gemeente", "halve_dagen", "deelnemers"],
                              ["oproep-2022", "academie-a", "44021", 4, 1250]],
    "report_with_unknown_header": [["oproep", "academie", "gemeente", "halve_dagen", "Deelnemers (aantal)"],
                                   ["oproep-2022", "academie-a", "44021", 4, 1250]],
    "report_with_formula": [REPORT_HEADER,
                            ["oproep-2022", "academie-a", "44021", 4, Formula("of:=[.F2]+[.G2]"), 700, 500]],
    "awards_formula_noise": [AWARD_HEADER,
                             ["oproep-2022", "academie-a", Formula("of:=1.1*19631.818181818182"),
                              datetime.date(2022, 5, 4)]],
    "header_only": [REPORT_HEADER],
}


@pytest.fixture(scope="module")
def office_files(libreoffice):
    """Every sheet above as LibreOffice XLSX and as Belgian LibreOffice CSV: two soffice runs for the module."""
    names = list(SHEETS)
    sources = [fods(SHEETS[name]) for name in names]
    xlsx = dict(zip(names, libreoffice.convert_many(sources, XLSX_FILTER), strict=True))
    csv = dict(zip(names, libreoffice.convert_many(sources, BELGIAN_CSV_FILTER), strict=True))
    return {"xlsx": xlsx, "csv": csv}


@pytest.fixture
def awarded_academies(db):
    """academie-a, -b and -c awarded in a partnership call of 2022 whose applications asked no amount, with a large
    budget: the call's rule and budget (tested in test_award_rules.py) do not decide the amounts read here."""
    call = PartnershipCallFactory(code="oproep-2022", year=2022, budget=Decimal("9000000.00"))
    return [AwardFactory(application__call=call, application__requested_amount=None,
                         application__academy=AcademyFactory(code=f"academie-{letter}"),
                         amount=Decimal("4000.00"), decided_on=datetime.date(2022, 3, 1)) for letter in "abc"]


@pytest.fixture
def stored_split(awarded_academies):
    """academie-a reported 1200 participants in Gent, 700 boys and 500 girls."""
    report = FinalReportFactory(award=awarded_academies[0], unattributed_participants=None)
    return FinalReportLineFactory(report=report, municipality_id="44021", half_days=4, participants=1200, boys=700,
                                  girls=500, other=None)


def xlsx_with_raw_number(rows: list[list], placeholder: float, written: str) -> bytes:
    """An XLSX whose number cell holds `written` exactly as Excel stores a formula result (17 significant digits;
    openpyxl itself would round it)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes(rows)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                content = content.replace(f"<v>{placeholder}</v>".encode(), f"<v>{written}</v>".encode())
            target.writestr(item, content)
    return buffer.getvalue()


def errors_of(failure) -> list[str]:
    return [str(error) for error in failure.value.row_errors]


@pytest.mark.django_db
class TestBelgianAmounts:
    def test_libreoffice_csv_writes_whole_euros_with_a_thousands_dot(self, office_files):
        text = office_files["csv"]["awards_whole_euros"].decode("utf-8")
        assert "€ 12.500;" in text and ";4.000;" in text  # what the importer must read as thousands

    @pytest.mark.parametrize("file_format", ["csv", "xlsx"])
    def test_euro_12_500_is_twelve_thousand_five_hundred(self, awarded_academies, office_files, file_format):
        import_file(kind="awards", data=office_files[file_format]["awards_whole_euros"])
        amounts = dict(Award.objects.values_list("application__academy__code", "amount"))
        assert amounts == {"academie-a": Decimal("12500.00"), "academie-b": Decimal("4000.00"),
                           "academie-c": Decimal("12500.50")}

    @pytest.mark.parametrize("written, amount", [
        ("12.500", "12500.00"), ("€ 12.500", "12500.00"), ("1.234.567", "1234567.00"), ("12.500,5", "12500.50"),
        ("12,50", "12.50"), ("12.50", "12.50"), ("12500", "12500.00"), ("€ 464.500,00", "464500.00"),
    ])
    def test_one_money_rule(self, awarded_academies, written, amount):
        import_file(kind="awards", data=csv_bytes([AWARD_HEADER, ["oproep-2022", "academie-a", written,
                                                                  "2022-05-04"]]))
        assert Award.objects.get(application__academy__code="academie-a").amount == Decimal(amount)

    def test_euro_dash_is_zero_where_zero_is_allowed(self, awarded_academies):
        import_file(kind="awards", data=csv_bytes([AWARD_HEADER, ["oproep-2022", "academie-a", "€ -",
                                                                  "2022-05-04"]]))
        assert Award.objects.get(application__academy__code="academie-a").amount == Decimal("0.00")

    def test_float_noise_from_a_formula_is_snapped_to_the_cent(self, awarded_academies):
        data = xlsx_with_raw_number([AWARD_HEADER, ["oproep-2022", "academie-a", 21595.5, "2022-05-04"]],
                                    21595.5, "21595.000000000004")
        import_file(kind="awards", data=data)
        assert Award.objects.get(application__academy__code="academie-a").amount == Decimal("21595.00")

    def test_libreoffice_formula_result_is_read_to_the_cent(self, awarded_academies, office_files):
        import_file(kind="awards", data=office_files["xlsx"]["awards_formula_noise"])
        assert Award.objects.get(application__academy__code="academie-a").amount == Decimal("21595.00")

    def test_a_real_third_decimal_is_still_refused(self, awarded_academies):
        data = xlsx_with_raw_number([AWARD_HEADER, ["oproep-2022", "academie-a", 21595.5, "2022-05-04"]],
                                    21595.5, "21595.004")
        with pytest.raises(ImportFailed) as failure:
            import_file(kind="awards", data=data)
        assert errors_of(failure) == ["rij 2, kolom 'bedrag': '21595.004' heeft meer dan 2 decimalen"]


@pytest.mark.django_db
class TestAbsentColumns:
    @pytest.mark.parametrize("file_format", ["csv", "xlsx"])
    def test_a_file_without_gender_columns_leaves_the_stored_split(self, stored_split, office_files, file_format):
        summary = import_file(kind="finalreports", data=office_files[file_format]["report_without_gender"])
        stored_split.refresh_from_db()
        assert (stored_split.participants, stored_split.boys, stored_split.girls) == (1250, 700, 500)
        assert summary.updated == 1

    def test_an_empty_cell_in_a_present_column_is_not_reported(self, stored_split):
        import_file(kind="finalreports", data=csv_bytes([REPORT_HEADER,
                                                         ["oproep-2022", "academie-a", "44021", 4, 1200, "", ""]]))
        stored_split.refresh_from_db()
        assert (stored_split.boys, stored_split.girls) == (None, None)

    def test_an_unrecognised_header_is_ignored_and_reported_with_a_suggestion(self, stored_split, office_files):
        summary = import_file(kind="finalreports", data=office_files["xlsx"]["report_with_unknown_header"])
        stored_split.refresh_from_db()
        assert (stored_split.participants, stored_split.boys, stored_split.girls) == (1200, 700, 500)
        assert summary.warnings == ["kolom 'Deelnemers (aantal)' genegeerd - bedoelt u 'deelnemers'?"]

    def test_strict_refuses_an_unrecognised_header(self, stored_split, office_files):
        with pytest.raises(ImportFailed) as failure:
            import_file(kind="finalreports", data=office_files["xlsx"]["report_with_unknown_header"], strict=True)
        assert errors_of(failure) == ["kolom 'Deelnemers (aantal)' genegeerd - bedoelt u 'deelnemers'?"]

    def test_absent_unattributed_totals_are_left_alone(self, stored_split):
        report = stored_split.report
        report.unattributed_participants = 37
        report.save()
        import_file(kind="finalreports", data=csv_bytes([REPORT_HEADER,
                                                         ["oproep-2022", "academie-a", "44021", 4, 1200, 700, 500]]))
        report.refresh_from_db()
        assert report.unattributed_participants == 37

    def test_absent_award_reason_and_municipalities_are_left_alone(self, awarded_academies):
        award = awarded_academies[0]
        award.amount_reason = "verhoogd na bezwaar"
        award.save()
        award.funded_municipalities.set(["44021"])
        summary = import_file(kind="awards", data=csv_bytes([AWARD_HEADER, ["oproep-2022", "academie-a", "4500",
                                                                            "2022-03-01"]]))
        award.refresh_from_db()
        assert (award.amount, award.amount_reason) == (Decimal("4500.00"), "verhoogd na bezwaar")
        assert list(award.funded_municipalities.values_list("nis_code", flat=True)) == ["44021"]
        assert [change.describe() for change in summary.changes] == [
            "rij 2 (oproep-2022 / academie-a): bedrag 4.000,00 → 4.500,00"]

    def test_absent_event_columns_are_left_alone(self, db):
        from academies.models import Event

        Event.objects.create(uit_id="e1", name="Robotkamp", organiser_name="Maakbib", labels=["STEM-academie"],
                             has_stem_label=True, age_min=8, age_max=12)
        import_file(kind="events", data=csv_bytes([["uit_id", "naam"], ["e1", "Robotkamp zomer"]]))
        event = Event.objects.get()
        assert (event.name, event.organiser_name, event.labels, event.has_stem_label, event.age_min) == (
            "Robotkamp zomer", "Maakbib", ["STEM-academie"], True, 8)

    def test_absent_optional_call_column_is_left_alone(self, call_2022):
        call_2022.report_due_date = datetime.date(2023, 3, 31)
        call_2022.save()
        row = Call.objects.filter(pk=call_2022.pk).values_list(
            "code", "year", "kind", "title", "budget", "amount_per_municipality").get()
        import_file(kind="calls", data=csv_bytes([
            ["code", "jaar", "soort", "titel", "budget", "opent_op", "sluit_op", "bedrag_per_gemeente"],
            [*row[:5], "2022-01-01 09:00", "2022-03-01 17:00", row[5]]]))
        call_2022.refresh_from_db()
        assert call_2022.report_due_date == datetime.date(2023, 3, 31)


def workbook_with_formula() -> bytes:
    """openpyxl writes formulas without a cached value (as a script or a web app would)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(REPORT_HEADER)
    sheet.append(["oproep-2022", "academie-a", "44021", 4, "=F2+G2", 700, 500])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.django_db
class TestFormulaCells:
    def test_a_formula_without_a_cached_value_is_refused_naming_the_cell(self, stored_split):
        with pytest.raises(ImportFailed) as failure:
            import_file(kind="finalreports", data=workbook_with_formula())
        (message,) = errors_of(failure)
        assert message.startswith("rij 2, kolom 'deelnemers': cel E2 bevat een formule zonder berekende waarde")
        stored_split.refresh_from_db()
        assert stored_split.participants == 1200

    def test_a_formula_with_a_cached_value_uses_the_value(self, stored_split, office_files):
        import_file(kind="finalreports", data=office_files["xlsx"]["report_with_formula"])
        stored_split.refresh_from_db()
        assert (stored_split.participants, stored_split.boys, stored_split.girls) == (1200, 700, 500)


@pytest.mark.django_db
class TestClearRefusals:
    @pytest.mark.parametrize("file_format", ["csv", "xlsx"])
    def test_header_only_file(self, awarded_academies, office_files, file_format):
        with pytest.raises(ImportFailed) as failure:
            import_file(kind="finalreports", data=office_files[file_format]["header_only"])
        assert errors_of(failure) == ["Het bestand bevat geen gegevensrijen, alleen een kopregel."]

    def test_oversized_csv_cell_names_row_and_column(self, awarded_academies):
        data = csv_bytes([REPORT_HEADER, ["oproep-2022", "academie-a", "44021", 4, 10, 5, 5],
                          ["oproep-2022", "academie-a", "x" * 200_000, 4, 10, 5, 5]])
        with pytest.raises(ImportFailed) as failure:
            import_file(kind="finalreports", data=data)
        (message,) = errors_of(failure)
        assert message.startswith("rij 3, kolom 'gemeente': cel te groot")
        assert "field limit" not in message

    def test_file_size_uses_a_decimal_comma(self, settings):
        settings.EXCHANGE_MAX_UPLOAD_BYTES = 1024 * 1024
        with pytest.raises(ImportFailed) as failure:
            import_file(kind="academies", data=b"code;naam\n" + b"x;y\n" * 400_000)
        assert errors_of(failure) == ["Het bestand is 1,5 MB; de limiet is 1 MB."]


@pytest.mark.django_db
class TestRecognisedNotRefused:
    @pytest.mark.parametrize("written, nis_code", [
        ("Vilvoorde (1800)", "23088"), ("B-1800", "23088"), ("Peutie", "23088"), ("Buizingen", "23027"),
        ("Herfelingen", "23032"), ("1800 Vilvoorde", "23088"),
    ])
    def test_municipality_spellings(self, awarded_academies, written, nis_code):
        import_file(kind="finalreports", data=csv_bytes([REPORT_HEADER, ["oproep-2022", "academie-a", written, 1,
                                                                         "", "", ""]]))
        assert FinalReportLine.objects.get().municipality_id == nis_code

    def test_sub_municipality_is_resolved_for_the_year(self, db):
        from tests.factories import AcademyFactory, AwardFactory, CallFactory

        call = CallFactory(code="oproep-2025", year=2025)
        AwardFactory(application__call=call, application__academy=AcademyFactory(code="academie-p"))
        import_file(kind="finalreports", data=csv_bytes([REPORT_HEADER, ["oproep-2025", "academie-p",
                                                                         "Herfelingen", 1, "", "", ""]]))
        assert FinalReportLine.objects.get().municipality_id == "23106"  # Pajottegem

    def test_ambiguous_sub_municipality_names_the_candidates(self, awarded_academies):
        with pytest.raises(ImportFailed) as failure:
            import_file(kind="finalreports", data=csv_bytes([REPORT_HEADER, ["oproep-2022", "academie-a", "Berchem",
                                                                             1, "", "", ""]]))
        (message,) = errors_of(failure)
        assert "Antwerpen (11002)" in message and "Kluisbergen" in message

    @pytest.mark.parametrize("written", ["4 mei 2022", "04/05/22", "4-5-22", "4 Mei 2022"])
    def test_dates(self, awarded_academies, written):
        import_file(kind="awards", data=csv_bytes([AWARD_HEADER, ["oproep-2022", "academie-a", "4000", written]]))
        assert Award.objects.get(application__academy__code="academie-a").decided_on == datetime.date(2022, 5, 4)

    def test_a_title_row_above_the_header(self, awarded_academies):
        data = csv_bytes([["Eindrapportages STEM-academies 2022"], [], REPORT_HEADER,
                          ["oproep-2022", "academie-a", "44021", 4, 10, 5, 5]])
        summary = import_file(kind="finalreports", data=data)
        assert summary.created == 2
        assert FinalReport.objects.get().lines.get().participants == 10

    def test_a_title_row_keeps_the_spreadsheet_row_numbers(self, awarded_academies):
        data = csv_bytes([["Eindrapportages 2022"], REPORT_HEADER, ["oproep-2022", "academie-a", "44021", 4, 10,
                                                                    5, "abc"]])
        with pytest.raises(ImportFailed) as failure:
            import_file(kind="finalreports", data=data)
        assert errors_of(failure) == ["rij 3, kolom 'meisjes': 'abc' is geen geheel getal"]

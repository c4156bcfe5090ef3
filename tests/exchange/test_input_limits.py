"""Inputs that answered 500 or filled the memory (issue 22, finding 5): a header row over the cell limit, a row of a
million cells in the admin preview, a wide file, a row too long."""

import pytest

from academies.models import Municipality
from exchange.errors import ImportFailed
from exchange.resources import PREVIEW_COLUMNS, PREVIEW_ROWS
from exchange.services import import_file
from exchange.tables import MAX_COLUMNS, MAX_HEADER_CHARS, MAX_ROW_CHARS
from grants.models import FinalReportLine
from tests.exchange.helpers import csv_bytes
from tests.exchange.test_admin import HEADER, IMPORT_URL, manager_client, upload  # noqa: F401 (fixture)

PAGE_LIMIT = 1_000_000


def errors_of(failure) -> list[str]:
    return [str(error) for error in failure.value.row_errors]


@pytest.mark.django_db
class TestRefusedRows:
    def test_a_header_row_over_the_limit_in_short_cells_is_refused_in_dutch(self):
        cells = 900
        data = ";".join(["x" * 200] * cells).encode() + b"\r\n"
        assert cells * 200 > MAX_HEADER_CHARS
        with pytest.raises(ImportFailed) as failure:
            import_file(kind="finalreports", data=data)
        assert errors_of(failure) == ["rij 1: kopregel te lang: 180.000 tekens, hoogstens 131.072"]

    def test_a_header_of_a_million_cells_is_refused_in_dutch(self):
        with pytest.raises(ImportFailed) as failure:
            import_file(kind="finalreports", data=b";" * 999_999 + b"x\r\n")
        assert errors_of(failure) == ["rij 1: 1.000.000 kolommen, hoogstens 1.000: verwijder de lege of "
                                      "overbodige kolommen"]

    def test_a_header_with_trailing_empty_cells_is_not_counted_wide(self, awarded_academies):
        data = csv_bytes([HEADER + [""] * (MAX_COLUMNS + 5), ["oproep-2022", "academie-a", "Gent", 4, 10, 4]])
        import_file(kind="finalreports", data=data)
        assert FinalReportLine.objects.get().participants == 10

    def test_a_row_over_the_limit_is_refused_in_dutch(self, awarded_academies):
        cells = ["y" * 120_000] * 9
        assert sum(map(len, cells)) > MAX_ROW_CHARS
        with pytest.raises(ImportFailed) as failure:
            import_file(kind="finalreports", data=csv_bytes([HEADER, cells]))
        assert errors_of(failure) == ["rij 2: rij te lang: 1.080.000 tekens, hoogstens 1.048.576"]

    def test_one_oversized_cell_is_still_named(self, awarded_academies):
        with pytest.raises(ImportFailed) as failure:
            import_file(kind="finalreports", data=csv_bytes([HEADER, ["oproep-2022", "z" * 140_000]]))
        assert errors_of(failure) == ["rij 2, kolom 'academie': cel te groot: 140.000 tekens, hoogstens 131.072"]


@pytest.mark.django_db
class TestBoundedPreview:
    def test_a_one_row_csv_of_a_million_cells_answers_a_small_page(self, manager_client):  # noqa: F811
        data = b";".join([b"1"] * 1_000_000) + b"\r\n"
        response = manager_client.post(IMPORT_URL, upload(data))
        assert response.status_code == 200
        assert len(response.content) < PAGE_LIMIT
        assert "1.000.000 kolommen, hoogstens 1.000" in response.content.decode()

    def test_a_wide_and_long_file_is_previewed_cropped_with_a_note(self, manager_client, awarded_academies):  # noqa: F811
        extra = [f"extra_{index}" for index in range(MAX_COLUMNS - len(HEADER))]
        nis_codes = Municipality.objects.for_year(2022).order_by("nis_code").values_list("nis_code", flat=True)
        rows = [HEADER + extra] + [["oproep-2022", "academie-a", nis_code, 1, 5, 2] + ["w" * 150] * len(extra)
                                   for nis_code in nis_codes[:150]]
        data = csv_bytes(rows)
        response = manager_client.post(IMPORT_URL, upload(data))
        assert response.status_code == 200
        assert len(response.content) < PAGE_LIMIT
        result = response.context["result"]
        assert not result.invalid_rows and len(result.rows) == PREVIEW_ROWS
        assert len(result.diff_headers) == PREVIEW_COLUMNS
        page = response.content.decode()
        assert f"getoonde rijen: {PREVIEW_ROWS} van 150; getoonde kolommen: {PREVIEW_COLUMNS} van 1.000" in page


@pytest.mark.django_db
def test_the_bench_measures_the_wide_row_preview():
    from bench.management.commands.bench_imports import wide_row_preview

    result = wide_row_preview(cells=1_000_000)
    assert result["status"] == 200 and result["page_bytes"] < PAGE_LIMIT

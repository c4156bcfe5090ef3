"""exchange.tables reads a file as a stream: rows are read as they are consumed, the encoding is decided on the
whole file, and the errors still name their row."""

import io

import pytest

from exchange.errors import ImportFailed
from exchange.tables import CHUNK, count_data_rows, open_table


def test_rows_are_read_as_they_are_consumed():
    data = ("oproep;academie\n" + "".join(f"oproep-2022;academie-{index}\n" for index in range(100))).encode()
    table = open_table(io.BytesIO(data))
    assert table.headers == ["oproep", "academie"]
    assert len(table.prefix) == 10  # what is buffered to look for a header below a title row
    rows = iter(table)
    assert next(rows) == (2, ["oproep-2022", "academie-0"])
    assert table.count == 1
    assert sum(1 for _row in rows) == 99
    assert table.count == 100


def test_windows_1252_byte_after_the_first_chunk_decides_the_whole_file():
    filler = "".join(f"oproep-2022;academie-{index}\n" for index in range(CHUNK // 20))
    data = ("oproep;academie\n" + filler).encode() + "oproep-2022;Café\n".encode("cp1252")
    assert len(data) > CHUNK
    *_rest, (_number, last) = open_table(io.BytesIO(data))
    assert last == ["oproep-2022", "Café"]


def test_a_nul_byte_is_not_text():
    with pytest.raises(ImportFailed) as failure:
        open_table(io.BytesIO(b"oproep;academie\nx;\x00y\n"))
    assert "geen leesbare tekst" in str(failure.value.row_errors[0]) or failure.value.row_errors[0].row is None


def test_an_oversized_cell_is_refused_when_its_row_is_read():
    data = b"oproep;academie\n" + b"x;y\n" * 20 + b"x;" + b"y" * 200_000 + b"\n"
    rows = iter(open_table(io.BytesIO(data)))
    assert next(rows) == (2, ["x", "y"])
    with pytest.raises(ImportFailed) as failure:
        list(rows)
    assert (failure.value.row_errors[0].row, failure.value.row_errors[0].column) == (22, "academie")


def test_count_data_rows_of_a_csv_skips_blank_rows():
    assert count_data_rows(b"a;b\n1;2\n;\n3;4\n") == 2

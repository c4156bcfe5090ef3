"""academies.text: the one rule for control characters and bidi overrides in stored text."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from markupsafe import Markup

from academies.text import (
    printable,
    printable_data,
    printable_line,
    unprintable_characters,
    validate_multiline_text,
    validate_single_line_text,
)

HOSTILE = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\x9f", "\u202a", "\u202b",
           "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\ufffe", "\uffff", "\ud800"]


@pytest.mark.parametrize("character", HOSTILE)
def test_every_hostile_character_is_refused_and_removed(character):
    value = f"Gent{character}123"
    with pytest.raises(ValidationError):
        validate_single_line_text(value)
    with pytest.raises(ValidationError):
        validate_multiline_text(value)
    assert printable(value) == printable_line(value) == "Gent123"


@pytest.mark.parametrize("value", ["Gent", "Sint-Niklaas", "Zoë & Chloé <3", "€ 464.500,00", "ثقافة", "דף",
                                   "Left\u200emark\u200f", "🤖 robotica", ""])
def test_ordinary_names_pass_unchanged(value):
    validate_single_line_text(value)
    assert printable(value) is value and printable_line(value) is value


def test_line_breaks_pass_in_texts_not_in_names():
    narrative = "Eerste lijn\r\nTweede\tlijn"
    validate_multiline_text(narrative)
    assert printable(narrative) == narrative
    with pytest.raises(ValidationError):
        validate_single_line_text(narrative)
    assert printable_line(narrative) == "Eerste lijn Tweede lijn"


def test_the_message_is_dutch_and_names_the_characters():
    with translation.override("nl"), pytest.raises(ValidationError) as error:
        validate_single_line_text("A\u202eB\x01C\u202e")
    message = error.value.messages[0]
    assert "U+202E, U+0001" in message and "stuurtekens" in message
    assert unprintable_characters("A\u202eB\x01C\u202e") == ["\u202e", "\x01"]


def test_nested_document_data_is_cleaned_and_markup_stays_markup():
    data = {"title": "Gent\u202e1", "rows": [["a\x01", 3, None], ("b\x0b",)], "xml": Markup("<w:t>x\x02</w:t>")}
    cleaned = printable_data(data)
    assert cleaned == {"title": "Gent1", "rows": [["a", 3, None], ("b",)], "xml": Markup("<w:t>x</w:t>")}
    assert isinstance(cleaned["xml"], Markup) and isinstance(cleaned["rows"][1], tuple)


def test_spreadsheets_leave_the_characters_out_before_they_test_for_a_formula():
    import io

    from openpyxl import load_workbook

    from academies.spreadsheets import export_bytes

    rows = [["naam", "opmerking"], ["\u202e=SUM(1)", "a\x01b\u2066c"], ["\t=1", "Gent\u202e321"]]
    assert export_bytes(rows, "csv").decode("utf-8-sig") == "naam;opmerking\r\n'=SUM(1);abc\r\n'\t=1;Gent321\r\n"
    sheet = load_workbook(io.BytesIO(export_bytes(rows, "xlsx"))).active
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        ["naam", "opmerking"], ["'=SUM(1)", "abc"], ["'\t=1", "Gent321"]]

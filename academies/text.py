"""The one rule for stored text that leaves the app in documents (names, titles, notes, narratives).

Refused where text enters (model field validators, so forms and the admin; the importers per cell) and removed
where it leaves (SVG/XML, the typst data of the PDF, XLSX, CSV, the import templates), so that text stored before
the rule still renders:

- control characters (C0 and C1, DEL): XML cannot hold most of them (an SVG map or a workbook with one is not a
  document any more) and no document shows any of them; a single line (a name, a title) holds no tab or line break
  either, a multi-line text (a narrative) may;
- bidirectional embedding, override and isolate characters (U+202A-U+202E, U+2066-U+2069): a U+202E in a name turns
  the rest of the line around, figures included ("123" reads "321");
- lone surrogates and the noncharacters U+FFFE and U+FFFF, which no UTF-8 document or XML parser accepts.

Marks that only hint at a direction (U+200E, U+200F) and right-to-left letters stay: they cannot reverse other
text."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_LINE_BREAKS = "\t\n\r"
_BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
_NOT_UNICODE_TEXT = "\ud800-\udfff\ufffe\uffff"

UNPRINTABLE = re.compile(f"[{_CONTROLS}{_BIDI_CONTROLS}{_NOT_UNICODE_TEXT}]")
"""What no text may hold, multi-line or not."""
UNPRINTABLE_IN_LINE = re.compile(f"[{_CONTROLS}{_LINE_BREAKS}{_BIDI_CONTROLS}{_NOT_UNICODE_TEXT}]")
"""What a single line (a name, a title) may not hold."""
_BREAKS = re.compile(f"[{_LINE_BREAKS}]+")


def unprintable_characters(value: str, *, multiline: bool = False) -> list[str]:
    """The characters of `value` that the rule refuses, each once, in order of appearance."""
    pattern = UNPRINTABLE if multiline else UNPRINTABLE_IN_LINE
    return list(dict.fromkeys(pattern.findall(value or "")))


def code_points(characters) -> str:
    """U+0001, U+202E: how a message names characters that cannot be shown."""
    return ", ".join(f"U+{ord(character):04X}" for character in characters)


def unprintable_message(characters) -> str:
    """The Dutch (nl-BE first) message of a refused text, for forms, the admin and the importers alike."""
    return str(_("This text contains invisible control characters (%(characters)s) that break documents or turn "
                 "text around; remove them.") % {"characters": code_points(characters)})


def validate_single_line_text(value: str) -> None:
    """Validator of names and titles: no control character (tab and line break included), no bidi control."""
    found = unprintable_characters(value)
    if found:
        raise ValidationError(unprintable_message(found), code="unprintable", params={"value": value})


def validate_multiline_text(value: str) -> None:
    """Validator of free texts (narratives, reasons, comments): as a single line, but tabs and line breaks pass."""
    found = unprintable_characters(value, multiline=True)
    if found:
        raise ValidationError(unprintable_message(found), code="unprintable", params={"value": value})


def printable(value: str) -> str:
    """`value` without what `UNPRINTABLE` names (tabs and line breaks stay): what every renderer writes out, so
    that text stored before the rule, or read from outside (UiTdatabank), renders too. A `str` subclass (e.g.
    Markup) keeps its class."""
    if not UNPRINTABLE.search(value):
        return value
    return value.__class__(UNPRINTABLE.sub("", value))


def printable_line(value: str) -> str:
    """`printable` for a single line: tabs and line breaks become spaces."""
    if not UNPRINTABLE_IN_LINE.search(value):
        return value
    return value.__class__(_BREAKS.sub(" ", printable(value)))


def printable_data(data):
    """`printable` applied to every string of nested dicts, lists and tuples (the data of a document); other
    values pass unchanged."""
    if isinstance(data, str):
        return printable(data)
    if isinstance(data, dict):
        return {key: printable_data(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return data.__class__(printable_data(value) for value in data)
    return data

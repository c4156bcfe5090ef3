"""Reading one data row of an import: the cells through the file's column map, parsed with the Belgian parsers,
each error with its row and column; choices, counts and duplicates."""

import re
from collections import defaultdict
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import override

from academies.belgian import FieldError, is_empty, parse_count, text
from academies.text import unprintable_characters, unprintable_message
from exchange import messages
from exchange.errors import ErrorCollector
from exchange.tables import Table

INVALID = object()
PLAIN_COUNTS: defaultdict[int, dict[str, int | None]] = defaultdict(lambda: {"": None})  # maximum -> text -> count
PLAIN_COUNTS_KEPT = 10_000
SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")


class Cells:
    """One data row, read through the file's column map; parse errors go to the collector with row and column."""

    def __init__(self, number: int, values: list, columns: dict, errors: ErrorCollector):
        self.number, self.values, self.columns, self.errors = number, values, columns, errors
        self.ok = True

    def has(self, column: str) -> bool:
        return column in self.columns

    def raw(self, column: str):
        index, _header = self.columns.get(column, (None, None))
        if index is None or index >= len(self.values):
            return None
        return self.values[index]

    def header(self, column: str) -> str:
        return self.columns.get(column, (None, column))[1]

    def error(self, column: str | None, message: str) -> None:
        self.ok = False
        self.errors.add(self.number, self.header(column) if column else None, message)

    def clean_model(self, model, values: dict, columns: dict[str, str]) -> None:
        """Run `full_clean()`, what the model's form runs (its fields' validators and `clean()`, the one home of its
        cross-field rules), on an unsaved instance built from `values`, the other fields excluded; each message
        goes to its spreadsheet column (`columns`: field name -> column; others to the row). Skipped when a value
        did not parse: that cell already has its error. Uniqueness and references are checked for the whole file,
        one query per table; the constraints are the database's (their messages are `clean()`'s)."""
        if any(value is INVALID for value in values.values()):
            return
        instance = model(**values)
        given = {field.name for field in model._meta.concrete_fields
                 if not field.is_relation and (field.attname in values or field.name in values)}
        try:
            instance.full_clean(exclude=[field.name for field in model._meta.fields if field.name not in given],
                                validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    self.error(columns.get(field), message)

    def get(self, column: str, parser=text, *, required: bool = False, **kwargs):
        value = self.raw(column)
        if is_empty(value):
            if required:
                self.error(column, messages.value_required())
                return INVALID
            return None if parser is not text else ""
        try:
            return parser(value, **kwargs)
        except FieldError as error:
            self.error(column, str(error))
            return INVALID

    def text(self, column: str, *, required: bool = False) -> str:
        """The cell as stripped text ("" when empty)."""
        index = self.columns.get(column, (None,))[0]
        value = self.values[index] if index is not None and index < len(self.values) else None
        result = value.strip() if value.__class__ is str and value[:1] != "'" else text(value)
        if required and not result:
            self.error(column, messages.value_required())
        return result

    def counts(self, specs: list[tuple]) -> tuple:
        """Several count cells at once (see count_specs): an empty cell or plain digits on a fast path (the texts
        seen before, per maximum, from PLAIN_COUNTS), else the full parser."""
        values, size, result = self.values, len(self.values), []
        for index, column, maximum in specs:
            value = values[index] if index is not None and index < size else None
            if value.__class__ is str:
                known = PLAIN_COUNTS[maximum]
                if value in known:
                    result.append(known[value])
                    continue
                if len(value) < 10 and value.isdigit() and value.isascii() and int(value) <= maximum:
                    if len(known) < PLAIN_COUNTS_KEPT:
                        known[value] = int(value)
                    result.append(int(value))
                    continue
            if value is None:
                result.append(None)
            else:
                result.append(self.get(column, parse_count, maximum=maximum))
        return tuple(result)

    def get_text(self, column: str, *, max_length: int | None, required: bool = False,
                 multiline: bool = False) -> str:
        """A text cell, at most `max_length` characters (None: any length) and without the characters
        `academies.text` refuses (tabs and line breaks pass in a `multiline` text)."""
        value = self.get(column, required=required)
        if value is INVALID:
            return value
        if max_length is not None and len(value) > max_length:
            self.error(column, _("'%(value)s…' is longer than %(max)s characters") % {
                "value": value[:20], "max": max_length})
            return INVALID
        unprintable = unprintable_characters(value, multiline=multiline)
        if unprintable:
            self.error(column, unprintable_message(unprintable))
            return INVALID
        return value

    def get_code(self, column: str, *, max_length: int = 40) -> str:
        value = self.get_text(column, max_length=max_length, required=True)
        if value is not INVALID and not SLUG.match(value):
            self.error(column, _("'%(value)s' is not a valid code (letters, digits, - and _)") % {"value": value})
            return INVALID
        return value


DUTCH_CHOICES = {
    # Dutch words staff type in spreadsheets, whatever the translation catalogues say.
    "ontwerp": "draft", "ingediend": "submitted", "aanvaard": "accepted", "goedgekeurd": "accepted",
    "teruggestuurd": "returned", "academie": "academy_rollout", "uitrol": "academy_rollout",
    "partnerschap": "partnership_project", "gemeentelijke dienst": "municipal_service", "bibliotheek": "library",
    "maakbib": "library", "jeugdorganisatie": "youth_organisation", "wetenschapscentrum": "science_centre",
    "school": "school", "bedrijf": "company", "andere": "other",
}


def count_specs(columns: dict, wanted: list[tuple[str, int]]) -> list[tuple]:
    return [(columns.get(column, (None,))[0], column, maximum) for column, maximum in wanted]


def distinct_texts(table: Table, columns: dict, column: str) -> set[str]:
    index = columns.get(column, (None,))[0]
    if index is None:
        return set()
    return {text(value) for value in {values[index] for _number, values in table.rows if index < len(values)}}


def choice_parser(choices) -> Callable:
    """Accept a choice's key, or its label in Dutch or English, or a common Dutch word (case-insensitive)."""
    mapping = {word: key for word, key in DUTCH_CHOICES.items() if key in choices.values}
    for key, label in choices.choices:
        mapping[key.casefold()] = key
        for language in ("nl", "en"):
            with override(language):
                mapping[str(label).casefold()] = key

    def parse(value) -> str:
        key = mapping.get(text(value).casefold())
        if key is None:
            raise FieldError(_("'%(value)s' is not one of: %(choices)s") % {
                "value": text(value), "choices": ", ".join(choices.values)})
        return key

    return parse


def duplicate_message(value, row: int) -> str:
    return _("'%(value)s' already appears on row %(row)s") % {"value": value, "row": row}


def flag_duplicate(cells: Cells, column: str, seen: dict, key, value) -> bool:
    """True (and an error on `column`) when `key` was seen on an earlier row; else remembers this row."""
    if key in seen:
        cells.error(column, duplicate_message(value, seen[key]))
        return True
    seen[key] = cells.number
    return False

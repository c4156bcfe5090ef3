"""What the admin's import preview shows in a municipality cell: the municipality's name with the value as written
("Destelbergen (9070)"), resolved as the importer resolves it (for the year of the row's call when the kind has an
`oproep` column, otherwise this year); a value the importer will refuse is shown as written (the import says why)."""

import re

from academies.belgian import FieldError, text
from academies.municipalities import MunicipalityResolver
from exchange.headers import header_key
from grants.models import Call

SINGLE_COLUMNS = ("gemeente", "gemeente_zetel")
LIST_COLUMNS = ("gemeenten",)
LIST_SEPARATORS = re.compile(r"\s*[;,|\n]+\s*")


class MunicipalityLabels:
    """`label(value, call_code)` -> "Name (value)" or the value unchanged. Three queries in all."""

    def __init__(self, call_codes: set[str]):
        self.resolver = MunicipalityResolver()
        self.call_years = dict(Call.objects.filter(code__in=call_codes).values_list("code", "year"))

    def one(self, value: str, year: int | None) -> str:
        if not value:
            return value
        try:
            name = self.resolver.name(self.resolver.resolve(value, year))
        except FieldError:
            return value
        return value if name == value else f"{name} ({value})"

    def label(self, column: str, value, call_code: str | None) -> str:
        raw = text(value)
        year = self.call_years.get(call_code) if call_code else None
        if column in LIST_COLUMNS:
            return ", ".join(self.one(part, year) for part in LIST_SEPARATORS.split(raw) if part)
        return self.one(raw, year)


def with_municipality_names(kind, headers: list[str], rows: list[tuple[int, list]]) -> list[tuple[int, list]]:
    """The rows with each municipality cell named (see the module docstring); other cells unchanged. Headers are
    recognised as the importer recognises them (names and aliases of the kind's columns)."""
    by_key = kind.header_keys()
    keys = [by_key.get(header_key(header), "") for header in headers]
    wanted = [index for index, key in enumerate(keys) if key in SINGLE_COLUMNS + LIST_COLUMNS]
    if not wanted:
        return rows
    call_index = keys.index("oproep") if "oproep" in keys else None

    def call_of(values):
        return text(values[call_index]) if call_index is not None and call_index < len(values) else None

    labels = MunicipalityLabels({call_of(values) for _number, values in rows} - {None})
    named = []
    for number, values in rows:
        values = list(values)
        for index in wanted:
            if index < len(values) and values[index] not in (None, ""):
                values[index] = labels.label(keys[index], values[index], call_of(values))
        named.append((number, values))
    return named

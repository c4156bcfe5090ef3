"""What an import will change, worded for people: per changed row the stored and the new value of every changed cell
(`rij 2 (oproep-2022 / academie-a / 44021): deelnemers 1.200 → (leeg)`), per column a tally (`deelnemers: 12 waarden
gewist, 3 gewijzigd`) and per part of a kind the counts (`402 regels (3 nieuw, 12 gewijzigd, 387 ongewijzigd)`).
Used by the admin preview and by `import_data`; every kind records its changes the same way."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from academies.belgian import format_date, format_datetime


def show(value) -> str:
    """A stored or imported value the Belgian way: 1.200, 12.500,00, 04/05/2022, (leeg) for nothing."""
    if value is None or value == "" or value == [] or value == set():
        return _("(empty)")
    if isinstance(value, int) and not isinstance(value, bool):
        return number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)
    if isinstance(value, Decimal):
        return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)
    if isinstance(value, datetime.datetime):
        return format_datetime(value)
    if isinstance(value, datetime.date):
        return format_date(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(sorted(str(item) for item in value))
    return str(value)


@dataclass(frozen=True)
class CellChange:
    column: str  # the column's name in the import format
    old: object
    new: object

    @property
    def effect(self) -> str:
        """"erased" (a value becomes empty), "filled" (an empty value gets one) or "changed"."""
        old_empty, new_empty = show(self.old) == _("(empty)"), show(self.new) == _("(empty)")
        if new_empty and not old_empty:
            return "erased"
        if old_empty and not new_empty:
            return "filled"
        return "changed"

    def describe(self) -> str:
        return f"{self.column} {show(self.old)} → {show(self.new)}"


@dataclass
class RowChange:
    row: int | None
    label: str
    cells: list[CellChange] = field(default_factory=list)

    def describe(self) -> str:
        cells = ", ".join(cell.describe() for cell in self.cells)
        if self.row is None:
            return f"{self.label}: {cells}"
        return _("row %(row)s (%(label)s): %(cells)s") % {"row": self.row, "label": self.label, "cells": cells}


def cell_changes(columns: dict[str, str], old: dict, new: dict) -> list[CellChange]:
    """The changed cells between two {field: value} dicts; `columns` maps field -> column name, in file order."""
    return [CellChange(column, old.get(name), new[name]) for name, column in columns.items()
            if name in new and old.get(name) != new[name]]


@dataclass
class ColumnTally:
    erased: int = 0
    changed: int = 0
    filled: int = 0

    def describe(self, column: str) -> str:
        parts = []
        if self.erased:
            parts.append(ngettext("%(count)s value erased", "%(count)s values erased", self.erased) % {
                "count": self.erased})
        if self.changed:
            parts.append(_("%(count)s changed") % {"count": self.changed})
        if self.filled:
            parts.append(_("%(count)s filled in") % {"count": self.filled})
        return f"{column}: {', '.join(parts)}"


def tally(changes: list[RowChange]) -> dict[str, ColumnTally]:
    """Per column (in order of first appearance): how many values are erased, changed, filled in."""
    result: dict[str, ColumnTally] = {}
    for change in changes:
        for cell in change.cells:
            counts = result.setdefault(cell.column, ColumnTally())
            setattr(counts, cell.effect, getattr(counts, cell.effect) + 1)
    return result


@dataclass
class PartCounts:
    """The outcome for one kind of record in a file (final reports, or their lines)."""

    singular: str
    plural: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def describe(self) -> str:
        name = self.singular if self.total == 1 else self.plural
        return _("%(count)s %(name)s (%(created)s new, %(updated)s changed, %(unchanged)s unchanged)") % {
            "count": number_format(self.total, decimal_pos=0, use_l10n=True, force_grouping=True), "name": name,
            "created": self.created, "updated": self.updated, "unchanged": self.unchanged}


def header_suggestion(header: str, known: list[str]) -> str:
    """`kolom 'Deelnemers (aantal)' genegeerd - bedoelt u 'deelnemers'?`, or without the question when nothing is
    close."""
    from exchange.headers import closest_column

    suggestion = closest_column(header, known)
    if suggestion:
        return _("column '%(column)s' ignored - did you mean '%(suggestion)s'?") % {
            "column": header, "suggestion": suggestion}
    return _("column '%(column)s' ignored: it is not a column of this kind") % {"column": header}

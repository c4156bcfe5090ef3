"""Building blocks of the report selectors: counts, shares and cents, the municipalities of a year and the
mapping to another year's, and the awards, reports and lines of a year (filtered by call kind and organisation type)."""

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from academies.belgian import cents as cents  # the one rounding to cents, used by the selectors
from academies.models import (
    Municipality,
    successor_map,
)
from grants.models import Award, FinalReport, FinalReportLine

AwardMunicipality = Award.funded_municipalities.through
CENT = Decimal("0.01")


def add_counts(*values: int | None) -> int | None:
    """Sum of the given counts, None when none of them was reported."""
    given = [value for value in values if value is not None]
    return sum(given) if given else None


def share(part: int | None, whole: int | None) -> Decimal | None:
    if part is None or not whole:
        return None
    return Decimal(part) / Decimal(whole)


def current_year() -> int:
    return timezone.localdate().year


def programme_start_year() -> int:
    """The first year of the subsidy mechanism (settings.PROGRAMME_START_YEAR, 2019)."""
    return settings.PROGRAMME_START_YEAR


# --- building blocks ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MunicipalityRef:
    nis_code: str
    name: str
    province_code: str
    province: str


def municipalities_of_year(*, year: int, province: str | None = None):
    queryset = Municipality.objects.for_year(year)
    if province:
        queryset = queryset.filter(province_id=province)
    return queryset


def municipalities_of(*, year: int, province: str | None = None) -> dict[str, MunicipalityRef]:
    """The municipalities of `year` (optionally of one province), by NIS code, in name order. One query."""
    rows = (municipalities_of_year(year=year, province=province).order_by("name_nl", "nis_code")
            .values_list("nis_code", "name_nl", "province_id", "province__name_nl"))
    return {code: MunicipalityRef(code, name, province_code, province_name)
            for code, name, province_code, province_name in rows}


def municipality_mapper(*, year: int, basis_year: int | None) -> Callable[[str], str]:
    """Maps a municipality of `year` to the one standing for it in `basis_year` (identity when no basis is asked).
    One query when a basis year is given."""
    if basis_year is None or basis_year == year:
        return lambda code: code
    mapping = successor_map(basis_year)
    return lambda code: mapping.get(code, code)


def _award_filter(prefix: str, *, year: int | None, call_kind: str | None, organisation_type: str | None) -> Q:
    condition = Q()
    if year is not None:
        condition &= Q(**{f"{prefix}application__call__year": year})
    if call_kind:
        condition &= Q(**{f"{prefix}application__call__kind": call_kind})
    if organisation_type:
        condition &= Q(**{f"{prefix}application__academy__organisation_type": organisation_type})
    return condition


def awards_of(*, year: int | None = None, call_kind: str | None = None, organisation_type: str | None = None):
    return Award.objects.filter(_award_filter("", year=year, call_kind=call_kind,
                                              organisation_type=organisation_type)).order_by()


def received_reports_of(*, year: int | None = None, call_kind: str | None = None,
                        organisation_type: str | None = None):
    return FinalReport.objects.received().filter(
        _award_filter("award__", year=year, call_kind=call_kind, organisation_type=organisation_type)).order_by()


def received_lines_of(*, year: int | None = None, call_kind: str | None = None,
                      organisation_type: str | None = None):
    return FinalReportLine.objects.received().filter(
        _award_filter("report__award__", year=year, call_kind=call_kind, organisation_type=organisation_type)
    ).order_by()


def funded_pairs_of(*, year: int | None = None, call_kind: str | None = None, organisation_type: str | None = None):
    return AwardMunicipality.objects.filter(
        _award_filter("award__", year=year, call_kind=call_kind, organisation_type=organisation_type)).order_by()


def planned_municipality_codes(*, year: int, call_kind: str | None = None,
                               organisation_type: str | None = None) -> set[str]:
    """NIS codes funded by at least one award of `year`. One query."""
    return set(funded_pairs_of(year=year, call_kind=call_kind, organisation_type=organisation_type)
               .values_list("municipality_id", flat=True).distinct())


def confirmed_municipality_codes(*, year: int, call_kind: str | None = None,
                                 organisation_type: str | None = None) -> set[str]:
    """NIS codes on a line of at least one received final report of `year`. One query."""
    return set(received_lines_of(year=year, call_kind=call_kind, organisation_type=organisation_type)
               .values_list("municipality_id", flat=True).distinct())




class PicklesPositionally:
    """For dataclasses kept by the thousands in stored figures: pickled as their constructor's arguments in field
    order, which loads about four times faster than pickle's default (an empty object, then its __dict__). Every
    field must be an `__init__` argument; cached properties are not kept."""

    def __reduce__(self):
        return self.__class__, tuple(getattr(self, field.name) for field in dataclasses.fields(self))


Order = tuple[tuple[str, bool], ...]


class ColumnRows(Sequence):
    """Rows of one dataclass kept as one list per field, for results of tens of thousands of rows that are stored
    (`reports.selectors.storage`) and read a page at a time.

    Pickled as those lists, which load tens of times faster than one object per row (decimals are kept as their
    strings); a row is built only when it is read, so a page of 50 rows out of 30,000 builds 50. `sorted_by` gives
    the rows in another order without building them; the `orders` given when the rows are made are sorted then and
    kept, so reading the rows in one of them later sorts nothing. Equal to any sequence of the same rows."""

    def __init__(self, row_class: type, rows: Iterable = (), *, orders: Iterable[Order] = ()):
        rows = list(rows)
        self.row_class = row_class
        self._columns = {field.name: [getattr(row, field.name) for row in rows]
                         for field in dataclasses.fields(row_class)}
        self._decimals = frozenset(name for name, values in self._columns.items()
                                   if any(isinstance(value, Decimal) for value in values))
        self._order = None
        self._kept = {}
        self._kept = {tuple(order): self.sorted_by(order)._order for order in orders}

    def __reduce__(self):
        columns = {name: _shared_strings([None if value is None else str(value) for value in values]
                                         if name in self._decimals else values)
                   for name, values in self._columns.items()}
        return _column_rows, (self.row_class, columns, self._decimals, self._order, self._kept)

    @property
    def _positions(self) -> Sequence[int]:
        """The positions in the lists of the rows in their order (None: as made)."""
        return range(len(next(iter(self._columns.values())))) if self._order is None else self._order

    def __len__(self) -> int:
        return len(self._positions)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._row(position) for position in self._positions[index]]
        return self._row(self._positions[index])

    def __iter__(self):
        return map(self._row, self._positions)

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and len(self) == len(other) and list(self) == list(other)

    def __repr__(self) -> str:
        return f"ColumnRows({self.row_class.__name__}, {len(self)} rows)"

    def _row(self, position: int):
        return self.row_class(*(self._value(name, position) for name in self._columns))

    def _value(self, name: str, position: int):
        value = self._columns[name][position]
        return Decimal(value) if value is not None and name in self._decimals else value

    def has_fields(self, names: Iterable[str]) -> bool:
        return all(name in self._columns for name in names)

    def column(self, name: str) -> list:
        """The values of field `name`, in the order the rows were made (decimals possibly as their strings)."""
        return self._columns[name]

    def rows_where(self, name: str, values: Iterable) -> list:
        """The rows whose field `name` is one of `values`, in the order they were made."""
        values = set(values)
        return [self._row(position) for position, value in enumerate(self._columns[name]) if value in values]

    def replaced(self, name: str, rows: Iterable) -> "ColumnRows":
        """These rows with each row whose field `name` equals that of one of `rows` replaced by it, in its place; the
        kept orders are sorted again where a replaced row changed a field they sort on."""
        positions = {value: position for position, value in enumerate(self._columns[name])}
        columns = {field: list(values) for field, values in self._columns.items()}
        changed: set[str] = set()
        decimals = set(self._decimals)
        for row in rows:
            position = positions[getattr(row, name)]
            for field, values in columns.items():
                value = getattr(row, field)
                if value != self._value(field, position):
                    changed.add(field)
                values[position] = value
                if isinstance(value, Decimal):
                    decimals.add(field)
        replaced = _column_rows(self.row_class, columns, frozenset(decimals), None, {})
        kept = {order: positions_in_order if not changed & {field for field, _descending in order}
                else replaced.sorted_by(order)._order for order, positions_in_order in self._kept.items()}
        replaced._kept = kept
        replaced._order = None if self._order is None else list(self._order)
        return replaced

    def sorted_by(self, order: Order) -> "ColumnRows":
        """The rows ordered by each (field, descending) of `order` in turn, empty values last either way, ties kept
        in the current order."""
        order = tuple(order)
        if order in self._kept and self._order is None:
            return _column_rows(self.row_class, self._columns, self._decimals, self._kept[order], self._kept)
        positions = list(self._positions)
        for name, descending in reversed(order):
            values = self._columns[name]
            if name in self._decimals:
                values = [None if value is None else Decimal(value) for value in values]
            given = [position for position in positions if values[position] is not None]
            given.sort(key=values.__getitem__, reverse=descending)
            positions = given + [position for position in positions if values[position] is None]
        return _column_rows(self.row_class, self._columns, self._decimals, positions, self._kept)


def _shared_strings(values: list) -> list:
    """`values` with equal strings as one object, which pickle writes once (a province name, say, on every row of
    its municipalities)."""
    if not isinstance(next((value for value in values if value is not None), None), str):
        return values  # a column of numbers: nothing to share
    shared: dict[str, str] = {}
    return [shared.setdefault(value, value) if isinstance(value, str) else value for value in values]


def _column_rows(row_class: type, columns: dict, decimals: frozenset, order: list[int] | None,
                 kept: dict) -> ColumnRows:
    rows = ColumnRows.__new__(ColumnRows)
    rows.row_class, rows._columns, rows._decimals, rows._order, rows._kept = row_class, columns, decimals, order, kept
    return rows


class PooledSplit:
    """Gender shares pooled over every participant with a known gender, for a dataclass with `boys`, `girls` and
    `other` counts (summed over the lines or reports that give a split)."""

    @property
    def split_total(self) -> int:
        return self.boys + self.girls + self.other

    @property
    def pooled_boys_share(self) -> Decimal | None:
        return share(self.boys, self.split_total)

    @property
    def pooled_girls_share(self) -> Decimal | None:
        return share(self.girls, self.split_total)

    @property
    def pooled_other_share(self) -> Decimal | None:
        return share(self.other, self.split_total)

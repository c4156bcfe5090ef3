"""Plain rows of one dataset (no ORM) and the reference geography read straight from the fixture files."""

import datetime
import json
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
RECEIVED = ("submitted", "accepted")


@dataclass(frozen=True)
class Academy:
    code: str
    organisation_type: str


@dataclass(frozen=True)
class Call:
    code: str
    year: int
    kind: str
    budget: Decimal


@dataclass(frozen=True)
class Award:
    call: str
    academy: str
    amount: Decimal
    municipalities: tuple[str, ...]


@dataclass(frozen=True)
class Line:
    municipality: str
    participants: int | None
    boys: int | None
    girls: int | None
    other: int | None


@dataclass(frozen=True)
class Report:
    call: str
    academy: str
    status: str
    lines: tuple[Line, ...] = ()
    participants: int | None = None
    boys: int | None = None
    girls: int | None = None
    other: int | None = None

    @property
    def received(self) -> bool:
        return self.status in RECEIVED


@dataclass(frozen=True)
class Event:
    uit_id: str
    start_date: datetime.date | None
    labelled: bool


@dataclass(frozen=True)
class Recognition:
    academy: str
    valid_from: datetime.date
    valid_to: datetime.date | None


@dataclass(frozen=True)
class YearBudget:
    year: int
    amount: Decimal


@dataclass(frozen=True)
class Dataset:
    academies: tuple[Academy, ...]
    calls: tuple[Call, ...]
    awards: tuple[Award, ...]
    reports: tuple[Report, ...]
    events: tuple[Event, ...] = field(default=())
    recognitions: tuple[Recognition, ...] = field(default=())
    budgets: tuple[YearBudget, ...] = field(default=())

    def filtered(self, *, call_kind: str | None = None, organisation_type: str | None = None) -> "Dataset":
        """The dataset as a report filtered on a call kind and/or an organisation type sees it."""
        calls = tuple(call for call in self.calls if call_kind is None or call.kind == call_kind)
        codes = {call.code for call in calls}
        academies = {academy.code for academy in self.academies
                     if organisation_type is None or academy.organisation_type == organisation_type}
        return Dataset(self.academies, calls,
                       tuple(a for a in self.awards if a.call in codes and a.academy in academies),
                       tuple(r for r in self.reports if r.call in codes and r.academy in academies), self.events,
                       tuple(r for r in self.recognitions if r.academy in academies), self.budgets)

    def call(self, code: str) -> Call:
        return next(call for call in self.calls if call.code == code)

    def academy(self, code: str) -> Academy:
        return next(academy for academy in self.academies if academy.code == code)

    def report_of(self, award: Award) -> Report | None:
        return next((report for report in self.reports
                     if (report.call, report.academy) == (award.call, award.academy)), None)

    def awards_of(self, year: int) -> list[Award]:
        return [award for award in self.awards if self.call(award.call).year == year]

    def received_reports_of(self, year: int) -> list[Report]:
        return [report for report in self.reports if report.received and self.call(report.call).year == year]

    def with_one_more_report(self, year: int) -> "Dataset | None":
        """The dataset with one more received final report of `year` (for an award without a received one, on its
        first municipality, 5 participants), as a later import brings it; None when every award has one."""
        for award in self.awards_of(year):
            known = self.report_of(award)
            if (known is None or not known.received) and award.municipalities:
                added = Report(award.call, award.academy, "submitted",
                               (Line(award.municipalities[0], 5, None, None, None),))
                reports = tuple(report for report in self.reports if report is not known) + (added,)
                return replace(self, reports=reports)
        return None


@dataclass(frozen=True)
class Place:
    nis_code: str
    name: str
    province: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    successor: str | None


def _date(value):
    return None if value is None else datetime.date.fromisoformat(value)


@cache
def places() -> dict[str, Place]:
    rows = json.loads((FIXTURES / "municipalities.json").read_text(encoding="utf-8"))
    return {row["pk"]: Place(row["pk"], row["fields"]["name_nl"], row["fields"]["province"],
                             _date(row["fields"]["valid_from"]), _date(row["fields"]["valid_to"]),
                             row["fields"]["successor"]) for row in rows}


@cache
def province_names() -> dict[str, str]:
    rows = json.loads((FIXTURES / "provinces.json").read_text(encoding="utf-8"))
    return {row["pk"]: row["fields"]["name_nl"] for row in rows}


def exists_in(place: Place, year: int) -> bool:
    return ((place.valid_from is None or place.valid_from <= datetime.date(year, 12, 31))
            and (place.valid_to is None or place.valid_to >= datetime.date(year, 1, 1)))


@cache
def municipalities_in(year: int) -> tuple[str, ...]:
    return tuple(code for code, place in places().items() if exists_in(place, year))


def standing_for(code: str, year: int) -> str:
    """The municipality standing for `code` in `year`: its successor (repeatedly) when it ended before that year."""
    place = places()[code]
    while place.valid_to is not None and place.valid_to < datetime.date(year, 1, 1) and place.successor:
        place = places()[place.successor]
    return place.nis_code

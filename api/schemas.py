"""Response schemas of the read API. Money is a decimal string with two places ("464500.00"), shares are decimal
strings between 0 and 1; counts that were not reported are null, never 0."""

import datetime
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Any

from ninja import Schema
from pydantic import BeforeValidator


def _exact_share_as_decimal(value):
    """The selectors keep means of shares as exact fractions (rounded once, for display); the API gives them as
    decimals with the precision of the pooled shares."""
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    return value


Share = Annotated[Decimal, BeforeValidator(_exact_share_as_decimal)]


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    """A parameter out of range or of the wrong type: one entry per problem (type, loc, msg)."""

    detail: list[dict[str, Any]]


class CallOut(Schema):
    code: str
    year: int
    kind: str
    title: str
    budget: Decimal
    amount_per_municipality: Decimal | None
    cap_per_academy: Decimal | None
    cap_per_project: Decimal | None
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    award_count: int
    awarded: Decimal


class AcademyOut(Schema):
    code: str
    name: str
    organisation_type: str
    kbo_number: str | None


class MunicipalityOut(Schema):
    nis_code: str
    name: str
    province_code: str


class AwardOut(Schema):
    id: int
    call: str
    year: int
    call_kind: str
    academy: AcademyOut
    amount: Decimal
    decided_on: datetime.date
    municipalities: list[MunicipalityOut]


class ProvinceReachOut(Schema):
    province_code: str
    province: str
    municipality_count: int
    planned_count: int
    confirmed_count: int
    planned: list[str]
    confirmed: list[str]


class ReachByProvinceOut(Schema):
    year: int
    provinces: list[ProvinceReachOut]
    total: ProvinceReachOut


class MunicipalityReachOut(Schema):
    nis_code: str
    name: str
    province_code: str
    province: str
    academies_planned: int
    awards: int
    amount_share: Decimal
    reports_expected: int
    reports_received: int
    academies_confirmed: int
    participants: int | None
    boys: int | None
    girls: int | None
    other: int | None


class ParticipationOut(Schema):
    label: str
    reports_expected: int
    reports_received: int
    reports_with_participants: int
    participants_at_least: int | None
    participants_attributed: int | None
    participants_unattributed: int | None
    reports_with_split: int
    boys: int
    girls: int
    other: int
    pooled_boys_share: Share | None
    pooled_girls_share: Share | None
    mean_boys_share: Share | None
    mean_girls_share: Share | None


class CallMoneyOut(Schema):
    code: str
    title: str
    kind: str
    award_count: int
    awarded: Decimal
    budget: Decimal


class MoneyOut(Schema):
    calls: list[CallMoneyOut]
    award_count: int
    awarded: Decimal
    by_kind: dict[str, CallMoneyOut]
    reserved_next_year: Decimal | None


class TrendYearOut(Schema):
    year: int
    municipalities_planned: int
    municipalities_confirmed: int
    academies_recognised: int
    academies_funded: int
    awards: int
    amount_awarded: Decimal
    reports_received: int
    reports_with_participants: int
    participants_at_least: int | None
    participants_attributed: int | None
    participants_unattributed: int | None
    events: int | None
    events_labelled: int | None


class YearFiguresOut(Schema):
    """The figures of the answer sheet of one year."""

    year: int
    reach: ReachByProvinceOut
    participation: ParticipationOut
    participation_by_organisation_type: list[ParticipationOut]
    money: MoneyOut
    trend: list[TrendYearOut]
    this_year: TrendYearOut | None


class UitSnapshotOut(Schema):
    """One fetch from the UiTdatabank Search API: where (source and queries), when, and what was counted."""

    year: int
    fetched_at: datetime.datetime
    source_url: str
    total_query: str
    labelled_query: str
    parameters: dict[str, str]
    total_events: int
    labelled_events: int
    without_municipality: int
    per_municipality: dict[str, list[int]]


class PaymentOut(Schema):
    reference: str
    award_id: int
    call: str
    year: int
    academy_code: str
    kind: str
    amount: Decimal
    status: str
    paid_on: datetime.date | None


class SettlementOut(Schema):
    award_id: int
    call: str
    year: int
    academy_code: str
    awarded: Decimal
    computed_amount: Decimal
    decided_amount: Decimal
    overridden: bool
    decided_at: datetime.datetime

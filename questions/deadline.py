"""The deadline of a written question: a number of working days after the day it was received. Not working days:
Saturdays, Sundays, Belgian public holidays (the `holidays` package, country BE) and the Flemish government's own
days off (settings.QUESTIONS_EXTRA_DAYS_OFF: "MM-DD" every year, or "YYYY-MM-DD" once)."""

import datetime
from collections.abc import Iterable
from functools import cache

import holidays
from django.conf import settings


@cache
def _belgian_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("BE", years=[year]))


def _extra_days_off(year: int, extra: Iterable[str]) -> set[datetime.date]:
    days = set()
    for entry in extra:
        entry = entry.strip()
        if len(entry) == 5:
            days.add(datetime.date.fromisoformat(f"{year}-{entry}"))
        elif entry:
            days.add(datetime.date.fromisoformat(entry))
    return days


def is_working_day(day: datetime.date, *, extra_days_off: Iterable[str] | None = None) -> bool:
    if day.weekday() >= 5 or day in _belgian_holidays(day.year):
        return False
    extra = settings.QUESTIONS_EXTRA_DAYS_OFF if extra_days_off is None else extra_days_off
    return day not in _extra_days_off(day.year, extra)


def add_working_days(day: datetime.date, days: int, *, extra_days_off: Iterable[str] | None = None) -> datetime.date:
    """The `days`-th working day after `day` (negative: before); `day` itself never counts."""
    step = datetime.timedelta(days=1 if days >= 0 else -1)
    remaining = abs(days)
    while remaining:
        day += step
        if is_working_day(day, extra_days_off=extra_days_off):
            remaining -= 1
    return day


def question_deadline(received_on: datetime.date, *, working_days: int | None = None,
                      extra_days_off: Iterable[str] | None = None) -> datetime.date:
    """The day the answer is due: settings.QUESTIONS_DEADLINE_WORKING_DAYS (default 20) working days after
    `received_on`."""
    days = settings.QUESTIONS_DEADLINE_WORKING_DAYS if working_days is None else working_days
    return add_working_days(received_on, days, extra_days_off=extra_days_off)


def working_days_between(start: datetime.date, end: datetime.date, *,
                         extra_days_off: Iterable[str] | None = None) -> int:
    """Working days after `start` up to and including `end` (negative when `end` is before `start`)."""
    if end < start:
        return -working_days_between(end, start, extra_days_off=extra_days_off)
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        count += is_working_day(day, extra_days_off=extra_days_off)
    return count

"""The deadline of a question, against dates counted by hand on a calendar (20 working days, Belgian public holidays
and the Flemish government's days off 11/7, 2/11, 15/11 and 26/12)."""

import datetime

import pytest

from questions.deadline import add_working_days, is_working_day, question_deadline, working_days_between

D = datetime.date


@pytest.mark.parametrize(("received_on", "due_on"), [
    # Christmas and New Year: 25/12 and 1/1 public holidays, 26/12 a Flemish day off, two weekends.
    (D(2025, 12, 19), D(2026, 1, 21)),
    # Easter Monday 6/4/2026.
    (D(2026, 3, 18), D(2026, 4, 16)),
    # 11 July 2025 (a Friday, Flemish day off) and 21 July (national holiday).
    (D(2025, 6, 30), D(2025, 7, 30)),
])
def test_deadline_is_twenty_working_days_after_receipt(received_on, due_on):
    assert question_deadline(received_on) == due_on


def test_the_flemish_days_off_come_from_the_setting(settings):
    settings.QUESTIONS_EXTRA_DAYS_OFF = []
    assert question_deadline(D(2025, 12, 19)) == D(2026, 1, 20)
    assert question_deadline(D(2025, 6, 30)) == D(2025, 7, 29)


def test_a_single_extra_day_off_by_full_date(settings):
    settings.QUESTIONS_EXTRA_DAYS_OFF = ["2026-04-07"]
    assert question_deadline(D(2026, 3, 18)) == D(2026, 4, 17)


def test_the_number_of_working_days_comes_from_the_setting(settings):
    settings.QUESTIONS_DEADLINE_WORKING_DAYS = 5
    assert question_deadline(D(2026, 3, 30)) == D(2026, 4, 7)  # Tue 31 .. Fri 3, Easter Monday skipped, Tue 7


def test_weekend_holiday_and_flemish_day_off_are_not_working_days():
    assert not is_working_day(D(2026, 12, 5))  # Saturday
    assert not is_working_day(D(2026, 4, 6))  # Easter Monday
    assert not is_working_day(D(2025, 7, 11))  # Feest van de Vlaamse Gemeenschap
    assert is_working_day(D(2026, 12, 7))


def test_working_days_back_and_between():
    assert add_working_days(D(2026, 4, 16), -20) == D(2026, 3, 18)
    assert working_days_between(D(2026, 3, 18), D(2026, 4, 16)) == 20
    assert working_days_between(D(2026, 4, 16), D(2026, 3, 18)) == -20

"""One vocabulary for recognition validity: `Recognition.objects.valid_on/valid_in`, used by the Academy methods."""

import datetime

import pytest

from academies.models import Academy, Recognition, is_valid_in_year, valid_in_year
from exchange.importing.recognitions import RecognitionKind
from tests.factories import AcademyFactory, RecognitionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def recognition():
    return RecognitionFactory(valid_from=datetime.date(2021, 3, 1), valid_to=datetime.date(2022, 6, 30))


class TestRecognitionValidity:
    @pytest.mark.parametrize(("day", "valid"), [
        (datetime.date(2021, 2, 28), False), (datetime.date(2021, 3, 1), True),
        (datetime.date(2022, 6, 30), True), (datetime.date(2022, 7, 1), False),
    ])
    def test_valid_on_includes_both_ends(self, recognition, day, valid):
        assert Recognition.objects.valid_on(day).filter(pk=recognition.pk).exists() is valid
        assert recognition.academy.is_recognised_on(day) is valid
        assert Academy.objects.recognised_on(day).filter(pk=recognition.academy_id).exists() is valid

    @pytest.mark.parametrize(("year", "valid"), [(2020, False), (2021, True), (2022, True), (2023, False)])
    def test_valid_in_means_valid_at_some_point_in_the_year(self, recognition, year, valid):
        assert Recognition.objects.valid_in(year).filter(pk=recognition.pk).exists() is valid
        assert Academy.objects.recognised_in(year).filter(pk=recognition.academy_id).exists() is valid

    def test_open_ended_recognition_stays_valid(self):
        open_ended = RecognitionFactory(valid_from=datetime.date(2019, 1, 1), valid_to=None)
        assert open_ended.academy.is_recognised_on(datetime.date(2040, 1, 1))

    def test_two_recognitions_in_a_year_count_the_academy_once(self):
        academy = AcademyFactory()
        RecognitionFactory(academy=academy, valid_from=datetime.date(2022, 1, 1), valid_to=datetime.date(2022, 5, 1))
        RecognitionFactory(academy=academy, valid_from=datetime.date(2022, 9, 1), valid_to=None)
        assert list(Academy.objects.recognised_in(2022)) == [academy]


class TestOnePeriodOverlap:
    """`valid_between` (filter), `is_valid_in_year` (Python) and the recognitions' export by year agree."""

    @pytest.mark.parametrize("valid_to", [None, datetime.date(2021, 12, 31), datetime.date(2022, 6, 30)])
    @pytest.mark.parametrize("year", [2020, 2021, 2022, 2023])
    def test_filter_and_python_test_agree(self, valid_to, year):
        recognition = RecognitionFactory(valid_from=datetime.date(2021, 3, 1), valid_to=valid_to)
        in_database = Recognition.objects.filter(valid_in_year(year), pk=recognition.pk).exists()
        assert in_database is is_valid_in_year(recognition.valid_from, valid_to, year)
        assert Recognition.objects.valid_in(year).filter(pk=recognition.pk).exists() is in_database

    def test_export_by_year_uses_the_same_rule(self, recognition):
        for year, expected in [(2020, 0), (2021, 1), (2022, 1), (2023, 0)]:
            assert len(list(RecognitionKind().export_rows(year=year))) - 1 == expected

"""One vocabulary for recognition validity: `Recognition.objects.valid_on/valid_in`, used by the Academy methods."""

import datetime

import pytest

from academies.models import Academy, Recognition
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

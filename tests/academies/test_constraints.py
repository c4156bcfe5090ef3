"""Every database constraint of the academies app rejects a bad row; `clean()` explains in Dutch."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from academies.models import (
    Academy,
    AcademyMembership,
    Event,
    Municipality,
    Postcode,
    Province,
    Recognition,
    validate_kbo_number,
)
from tests.factories import GENT, AcademyFactory, MembershipFactory, RecognitionFactory, UserFactory, municipality

pytestmark = pytest.mark.django_db

TESTED_CONSTRAINTS = {
    "municipality_valid_period", "municipality_successor_needs_end", "postcode_unique_municipality",
    "recognition_valid_period", "membership_unique_user_academy", "event_ends_after_start", "event_age_range",
    "academy_kbo_number_format",
}


def test_every_constraint_of_the_app_has_a_test_here():
    declared = {constraint.name for model in apps.get_app_config("academies").get_models()
                for constraint in model._meta.constraints}
    assert declared == TESTED_CONSTRAINTS


def assert_rejected(change, constraint: str | None = None) -> None:
    """`change()` writes a bad row; the database must refuse it (naming `constraint` when it is a named check)."""
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        change()
    if constraint:
        assert constraint in str(excinfo.value)


class TestMunicipalityConstraints:
    def test_valid_to_before_valid_from_is_rejected(self):
        assert_rejected(lambda: Municipality.objects.filter(nis_code=GENT).update(
            valid_from=datetime.date(2019, 1, 1), valid_to=datetime.date(2018, 12, 31)),
            "municipality_valid_period")

    def test_one_day_period_is_accepted(self):
        day = datetime.date(2019, 1, 1)
        Municipality.objects.filter(nis_code=GENT).update(valid_from=day, valid_to=day)
        stored = Municipality.objects.get(nis_code=GENT)
        assert (stored.valid_from, stored.valid_to) == (day, day)

    def test_successor_without_end_is_rejected(self):
        antwerpen = municipality("11002")
        assert_rejected(lambda: Municipality.objects.filter(nis_code=GENT).update(successor=antwerpen, valid_to=None),
                        "municipality_successor_needs_end")

    def test_merged_municipality_keeps_its_successor(self):
        hasselt = municipality("71022")
        assert hasselt.successor_id == "71072"
        assert hasselt.valid_to is not None


class TestProvinceConstraints:
    def test_duplicate_dutch_name_is_rejected(self):
        assert_rejected(lambda: Province.objects.create(nis_code="99999", name_nl="Limburg", name_fr="Limbourg"))


class TestPostcodeConstraints:
    def test_same_postcode_twice_for_one_municipality_is_rejected(self):
        existing = Postcode.objects.filter(municipality_id=GENT).first()
        assert_rejected(lambda: Postcode.objects.create(code=existing.code, municipality_id=GENT))

    def test_one_postcode_in_two_municipalities_is_accepted(self):
        assert Postcode.objects.filter(code="1804").values("municipality").distinct().count() == 2


class TestAcademyConstraints:
    def test_duplicate_code_is_rejected(self):
        AcademyFactory(code="maakbib-gent")
        assert_rejected(lambda: Academy.objects.create(
            code="maakbib-gent", name="Andere", organisation_type="library", seat_municipality=municipality(GENT),
            contact_email="a@example.org"))

    def test_recognition_ending_before_it_starts_is_rejected(self):
        recognition = RecognitionFactory(valid_from=datetime.date(2022, 1, 1))
        assert_rejected(lambda: Recognition.objects.filter(pk=recognition.pk).update(
            valid_to=datetime.date(2021, 12, 31)), "recognition_valid_period")

    def test_open_ended_recognition_is_accepted(self):
        recognition = RecognitionFactory(valid_from=datetime.date(2022, 1, 1), valid_to=None)
        recognition.full_clean()
        stored = Recognition.objects.get(pk=recognition.pk)
        assert (stored.valid_from, stored.valid_to) == (datetime.date(2022, 1, 1), None)

    def test_user_linked_twice_to_one_academy_is_rejected(self):
        membership = MembershipFactory()
        assert_rejected(lambda: AcademyMembership.objects.create(user=membership.user, academy=membership.academy))

    def test_user_may_act_for_two_academies(self):
        user = UserFactory()
        MembershipFactory(user=user)
        MembershipFactory(user=user)
        assert Academy.objects.for_user(user).count() == 2


def validation_messages(instance, language: str, **full_clean_kwargs) -> dict[str, list[str]]:
    """The messages of `instance.full_clean()`, rendered while `language` is active."""
    with translation.override(language):
        with pytest.raises(ValidationError) as excinfo:
            instance.full_clean(**full_clean_kwargs)
        return excinfo.value.message_dict


class TestEventConstraints:
    @pytest.fixture
    def event(self):
        return Event.objects.create(uit_id="uit-1", name="Robotica-kamp", start_date=datetime.date(2022, 7, 4),
                                    end_date=datetime.date(2022, 7, 8), age_min=8, age_max=12)

    def test_ending_before_it_starts_is_rejected(self, event):
        assert_rejected(lambda: Event.objects.filter(pk=event.pk).update(end_date=datetime.date(2022, 7, 3)),
                        "event_ends_after_start")

    def test_one_day_event_and_open_dates_are_accepted(self, event):
        Event.objects.filter(pk=event.pk).update(end_date=event.start_date)
        assert Event.objects.get(pk=event.pk).end_date == event.start_date
        Event.objects.filter(pk=event.pk).update(start_date=None, end_date=datetime.date(2000, 1, 1))
        stored = Event.objects.get(pk=event.pk)
        assert (stored.start_date, stored.end_date) == (None, datetime.date(2000, 1, 1))

    def test_maximum_age_below_minimum_is_rejected(self, event):
        assert_rejected(lambda: Event.objects.filter(pk=event.pk).update(age_max=7), "event_age_range")

    def test_missing_ages_are_accepted(self, event):
        Event.objects.filter(pk=event.pk).update(age_min=None, age_max=3)
        stored = Event.objects.get(pk=event.pk)
        assert (stored.age_min, stored.age_max) == (None, 3)

    def test_duplicate_uit_id_is_rejected(self, event):
        assert_rejected(lambda: Event.objects.create(uit_id=event.uit_id, name="Ander kamp"))


class TestDutchMessages:
    def test_recognition_period_message(self):
        recognition = Recognition(academy=AcademyFactory(), valid_from=datetime.date(2022, 1, 1),
                                  valid_to=datetime.date(2021, 1, 1))
        assert validation_messages(recognition, "nl-be") == {
            "valid_to": ["De einddatum kan niet vóór de begindatum liggen."],
        }

    def test_nis_code_message(self):
        municipality = Municipality(nis_code="4402", name_nl="X", province_id="40000")
        messages = validation_messages(municipality, "nl-be", validate_unique=False)
        assert messages["nis_code"] == ["Een NIS-code bestaat uit precies 5 cijfers."]

    def test_postcode_message(self):
        messages = validation_messages(Postcode(code="900", municipality_id=GENT), "nl-be")
        assert messages["code"] == ["Een Belgische postcode bestaat uit precies 4 cijfers."]

    def test_english_when_english_is_active(self):
        recognition = Recognition(academy=AcademyFactory(), valid_from=datetime.date(2022, 1, 1),
                                  valid_to=datetime.date(2021, 1, 1))
        assert validation_messages(recognition, "en") == {"valid_to": ["The end date cannot be before the start date."]}


class TestAcademyKboNumber:
    def test_valid_kbo_number_is_accepted_and_stored(self):
        validate_kbo_number("0202239951")
        academy = AcademyFactory(kbo_number="0202239951")
        assert Academy.objects.get(pk=academy.pk).kbo_number == "0202239951"

    def test_wrong_check_number_is_refused(self):
        with pytest.raises(ValidationError):
            validate_kbo_number("0202239952")

    def test_malformed_kbo_number_is_rejected(self):
        assert_rejected(lambda: AcademyFactory(kbo_number="BE0202.239"), "academy_kbo_number_format")

"""factory_boy factories. Geography comes from the reference fixtures loaded for every test database:
use `municipality("44021")` to fetch a real municipality by NIS code."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from academies.models import Academy, AcademyMembership, Municipality, OrganisationType, Recognition
from grants.models import (
    Application,
    ApplicationStatus,
    Award,
    Call,
    CallKind,
    FinalReport,
    FinalReportLine,
    FinalReportStatus,
    Trajectory,
    YearBudget,
)

GENT = "44021"


def municipality(nis_code: str) -> Municipality:
    return Municipality.objects.get(nis_code=nis_code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StaffUserFactory(UserFactory):
    is_staff = True


class AcademyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Academy
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"academy-{n}")
    name = factory.Sequence(lambda n: f"STEM-academie Test {n}")
    organisation_type = OrganisationType.YOUTH_ORGANISATION
    seat_municipality = factory.LazyFunction(lambda: municipality(GENT))
    contact_email = factory.LazyAttribute(lambda academy: f"{academy.code}@example.org")


class RecognitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recognition

    academy = factory.SubFactory(AcademyFactory)
    valid_from = datetime.date(2019, 1, 1)
    valid_to = None


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AcademyMembership

    user = factory.SubFactory(UserFactory)
    academy = factory.SubFactory(AcademyFactory)


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call
        django_get_or_create = ("code",)

    year = 2022
    code = factory.Sequence(lambda n: f"call-{n}")
    kind = CallKind.ACADEMY_ROLLOUT
    title = factory.LazyAttribute(lambda call: f"STEM-academies {call.year}")
    budget = Decimal("500000.00")
    opens_at = factory.LazyAttribute(lambda call: timezone.make_aware(datetime.datetime(call.year - 1, 11, 1)))
    closes_at = factory.LazyAttribute(lambda call: timezone.make_aware(datetime.datetime(call.year, 1, 31)))
    amount_per_municipality = Decimal("2000.00")
    cap_per_academy = Decimal("20000.00")
    report_due_date = factory.LazyAttribute(lambda call: datetime.date(call.year + 1, 3, 31))


class PartnershipCallFactory(CallFactory):
    kind = CallKind.PARTNERSHIP_PROJECT
    amount_per_municipality = None
    cap_per_academy = None
    cap_per_project = Decimal("100000.00")
    min_own_contribution_pct = Decimal("30.00")


class YearBudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YearBudget
        django_get_or_create = ("year",)

    year = 2023
    amount = Decimal("2500000.00")


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    academy = factory.SubFactory(AcademyFactory)
    status = ApplicationStatus.SUBMITTED
    forecast_participants = 100
    requested_amount = Decimal("4000.00")


class TrajectoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trajectory

    application = factory.SubFactory(ApplicationFactory)
    title = factory.Sequence(lambda n: f"Robotica-reeks {n}")
    age_min = 8
    age_max = 12
    half_days = 6
    municipality = factory.LazyFunction(lambda: municipality(GENT))


class AwardFactory(factory.django.DjangoModelFactory):
    """`AwardFactory(funded=["44021", "11002"])` sets the funded municipalities by NIS code."""

    class Meta:
        model = Award
        skip_postgeneration_save = True

    application = factory.SubFactory(ApplicationFactory, status=ApplicationStatus.AWARDED)
    amount = Decimal("4000.00")
    decided_on = factory.LazyAttribute(lambda award: datetime.date(award.application.call.year, 3, 1))

    @factory.post_generation
    def funded(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.funded_municipalities.set(extracted)


class FinalReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinalReport

    award = factory.SubFactory(AwardFactory)
    status = FinalReportStatus.SUBMITTED
    narrative = "Een geslaagd jaar."
    submitted_at = factory.LazyFunction(timezone.now)


class FinalReportLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinalReportLine

    report = factory.SubFactory(FinalReportFactory)
    municipality = factory.LazyFunction(lambda: municipality(GENT))
    half_days = 4
    participants = None
    boys = None
    girls = None
    other = None

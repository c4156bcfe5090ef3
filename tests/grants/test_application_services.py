"""The application's writes (grants.application_services): drafts saved partially, the call's rules on submission."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from grants import application_services
from grants.models import Application, ApplicationStatus
from tests.factories import ApplicationFactory, municipality
from tests.grants.portal_setup import AALTER, ANTWERPEN, GENT, contact_of, open_call

pytestmark = pytest.mark.django_db


def trajectory(**kwargs) -> application_services.TrajectoryInput:
    defaults = {"title": "Robotica", "transition_priority": "digitalisation", "age_min": 8, "age_max": 12,
                "half_days": 6, "municipality": municipality(GENT)}
    return application_services.TrajectoryInput(**{**defaults, **kwargs})


def draft(call=None, academy=None):
    call = call or open_call()
    if academy is None:
        _user, academy = contact_of()
    return application_services.application_create(call=call, academy=academy)


class TestApplications:
    def test_rollout_amount_follows_the_call_rule(self):
        application = draft(open_call(amount_per_municipality=Decimal("2000.00"), cap_per_academy=Decimal("5000.00")))
        application_services.application_update(application=application, planned_municipalities=[municipality(GENT)],
                                    forecast_participants=40, trajectories=[trajectory()])
        application.refresh_from_db()
        assert application.requested_amount == Decimal("2000.00")
        application_services.application_update(application=application, forecast_participants=40, trajectories=[],
                                    planned_municipalities=[municipality(code) for code in (GENT, ANTWERPEN, AALTER)])
        application.refresh_from_db()
        assert application.requested_amount == Decimal("5000.00")  # capped per academy
        assert application.trajectories.count() == 0

    def test_submit_sends_a_confirmation(self, mailoutbox, django_capture_on_commit_callbacks):
        application = draft()
        application_services.application_update(application=application, planned_municipalities=[municipality(GENT)],
                                    forecast_participants=40, trajectories=[trajectory()])
        with django_capture_on_commit_callbacks(execute=True):
            application_services.application_submit(application=application)
        application.refresh_from_db()
        assert application.status == ApplicationStatus.SUBMITTED
        assert application.submitted_at is not None
        assert len(mailoutbox) == 1
        assert "aanvraag" in mailoutbox[0].subject.lower()
        assert application.academy.contact_email in mailoutbox[0].to

    def test_deadline_is_checked_in_brussels_time(self):
        brussels_midnight = timezone.make_aware(datetime.datetime(2026, 2, 1, 0, 0))  # = 23:00 UTC on 31 January
        call = open_call(opens_at=brussels_midnight - datetime.timedelta(days=30), closes_at=brussels_midnight)
        _user, academy = contact_of()
        application = Application.objects.create(call=call, academy=academy)
        application.planned_municipalities.set([municipality(GENT)])
        just_late = datetime.datetime(2026, 1, 31, 23, 0, 30, tzinfo=datetime.UTC)
        with pytest.raises(ValidationError):
            application_services.application_submit(application=application, moment=just_late)
        application.refresh_from_db()
        assert application.status == ApplicationStatus.DRAFT
        just_in_time = datetime.datetime(2026, 1, 31, 22, 59, 30, tzinfo=datetime.UTC)
        application_services.application_submit(application=application, moment=just_in_time)
        assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED

    def test_only_recognised_academies_apply_to_rollout_calls(self):
        _user, academy = contact_of(recognised=False)
        with pytest.raises(ValidationError, match="erkende|recognised"):
            application_services.application_create(call=open_call(), academy=academy)
        assert not Application.objects.exists()

    def test_a_submitted_application_cannot_be_changed(self):
        application = ApplicationFactory(call=open_call(), status=ApplicationStatus.SUBMITTED)
        with pytest.raises(ValidationError):
            application_services.application_update(application=application, planned_municipalities=[],
                                        forecast_participants=1, trajectories=[])



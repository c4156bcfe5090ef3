"""The application's writes (grants.application_services): drafts saved partially, the call's rules on submission."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

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




PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name: str = "plan.pdf", content: bytes = PDF):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


def demanding_call(**kwargs):
    """A partnership call open now that requires every part of the application."""
    from grants.models import ApplicationPart, CallKind

    return open_call(kind=CallKind.PARTNERSHIP_PROJECT, amount_per_municipality=None, cap_per_academy=None,
                     cap_per_project=Decimal("100000.00"), min_own_contribution_pct=Decimal("30.00"),
                     required_parts=list(ApplicationPart.values), **kwargs)


def complete(application, user, **overrides):
    """Save everything `demanding_call` requires."""
    arguments = {
        "planned_municipalities": [municipality(GENT)], "forecast_participants": 60, "trajectories": [],
        "requested_amount": Decimal("7000.00"), "own_contribution": Decimal("3000.00"),
        "details": application_services.ApplicationDetails(
            description="Een maakplaats voor jongeren van 14 tot 18.", target_groups=["secondary_pupils"],
            target_age_min=14, target_age_max=18, transition_priority="digitalisation", declaration=True),
        "partners": [application_services.PartnerInput(name="Fablab Noord", kbo_number="0123456749")],
        "cost_lines": [application_services.CostLineInput(description="Materiaal", amount=Decimal("6000.00")),
                       application_services.CostLineInput(description="Begeleiding", amount=Decimal("4000.00"))],
        "new_attachments": [pdf_upload()],
    }
    return application_services.application_update(application=application, updated_by=user,
                                                   **{**arguments, **overrides})


class TestRequiredParts:
    def test_a_missing_required_part_cannot_be_submitted_and_each_is_named_in_dutch(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        user, academy = contact_of()
        application = draft(demanding_call(), academy)
        with pytest.raises(ValidationError) as error, translation.override("nl"):
            application_services.application_submit(application=application)
        assert error.value.message_dict == {
            "requested_amount": ["Vul het gevraagde bedrag in voor u indient."],
            "description": ["Beschrijf het project."],
            "target_groups": ["Kies minstens één doelgroep."],
            "target_age_min": ["Geef de jongste en de oudste leeftijd waarop het project zich richt."],
            "transition_priority": ["Kies de transitieprioriteit van het project."],
            "partners": ["Voeg minstens één partner met zijn KBO-nummer toe."],
            "cost_lines": ["Vul de kostenlijnen van de projectbegroting in."],
            "own_contribution": ["Vul de eigen inbreng in."],
            "attachments": ["Voeg minstens één bijlage toe."],
            "declaration": ["Vink de verklaring op eer aan."],
        }
        assert Application.objects.get(pk=application.pk).status == ApplicationStatus.DRAFT

    def test_one_part_missing_is_the_only_one_named(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        user, academy = contact_of()
        application = complete(draft(demanding_call(), academy), user, partners=[])
        with pytest.raises(ValidationError) as error:
            application_services.application_submit(application=application)
        assert set(error.value.message_dict) == {"partners"}

    def test_a_complete_application_is_submitted(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        user, academy = contact_of()
        application = complete(draft(demanding_call(), academy), user)
        application_services.application_submit(application=application)
        application.refresh_from_db()
        assert application.status == ApplicationStatus.SUBMITTED
        assert application.project_cost == Decimal("10000.00")  # the sum of the cost lines
        assert application.declaration_signed_by == user and application.declaration_signed_at is not None

    def test_a_call_without_required_parts_asks_only_its_own_rules(self):
        application = draft()
        application_services.application_update(application=application, planned_municipalities=[municipality(GENT)],
                                                forecast_participants=None, trajectories=[])
        application_services.application_submit(application=application)
        assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED


class TestDrafts:
    def test_a_draft_saves_partially(self):
        user, academy = contact_of()
        application = draft(demanding_call(), academy)
        application_services.application_update(
            application=application, planned_municipalities=[], forecast_participants=None, trajectories=[],
            details=application_services.ApplicationDetails(description="Nog niet af"), updated_by=user)
        application.refresh_from_db()
        assert application.description == "Nog niet af"
        assert application.declaration_signed_at is None

    def test_cost_lines_and_a_different_project_cost_are_refused(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        user, academy = contact_of()
        application = draft(demanding_call(), academy)
        with pytest.raises(ValidationError) as error:
            complete(application, user, project_cost=Decimal("12000.00"))
        assert set(error.value.message_dict) == {"project_cost"}
        assert not application.partners.exists() and not application.attachments.exists()

    def test_own_contribution_under_the_minimum_is_refused_and_nothing_is_written(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        user, academy = contact_of()
        application = draft(demanding_call(), academy)
        with pytest.raises(ValidationError) as error:
            complete(application, user, own_contribution=Decimal("2999.99"))
        assert set(error.value.message_dict) == {"own_contribution"}
        assert not application.cost_lines.exists()

    def test_a_partner_with_a_wrong_check_number_is_refused(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        user, academy = contact_of()
        application = draft(demanding_call(), academy)
        with pytest.raises(ValidationError) as error:
            complete(application, user, partners=[application_services.PartnerInput(name="X", kbo_number="0123456748")])
        assert "kbo_number" in error.value.message_dict

    def test_unticking_the_declaration_clears_who_and_when(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        user, academy = contact_of()
        application = complete(draft(demanding_call(), academy), user)
        complete(application, user, new_attachments=[], details=application_services.ApplicationDetails())
        application.refresh_from_db()
        assert (application.declaration_signed_at, application.declaration_signed_by) == (None, None)


class TestAttachments:
    def test_a_pdf_is_kept_under_a_random_name_and_removed_with_its_file(self, settings, tmp_path,
                                                                         django_capture_on_commit_callbacks):
        settings.MEDIA_ROOT = tmp_path
        user, academy = contact_of()
        application = complete(draft(demanding_call(), academy), user)
        attachment = application.attachments.get()
        assert (attachment.name, attachment.kind, attachment.uploaded_by) == ("plan.pdf", "pdf", user)
        assert "plan" not in attachment.file.name and (tmp_path / attachment.file.name).exists()
        with django_capture_on_commit_callbacks(execute=True):
            complete(application, user, new_attachments=[], removed_attachments=[attachment.pk])
        assert not application.attachments.exists()
        assert not (tmp_path / attachment.file.name).exists()

    @pytest.mark.parametrize("name, content", [("plan.pdf", b"just text, not a PDF"),
                                               ("plan.docx", PDF),
                                               ("plan.exe", b"MZ\x90\x00")])
    def test_a_file_that_is_not_what_it_says_is_refused(self, settings, tmp_path, name, content):
        settings.MEDIA_ROOT = tmp_path
        user, academy = contact_of()
        application = draft(demanding_call(), academy)
        with pytest.raises(ValidationError) as error:
            complete(application, user, new_attachments=[pdf_upload(name, content)])
        assert set(error.value.message_dict) == {"attachments"}
        assert not application.attachments.exists() and not list(tmp_path.rglob("*.*"))

    def test_a_file_over_10_mb_is_refused(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        user, academy = contact_of()
        application = draft(demanding_call(), academy)
        with pytest.raises(ValidationError, match="10 MB"):
            complete(application, user, new_attachments=[pdf_upload(content=PDF + b"0" * (10 * 1024 * 1024))])

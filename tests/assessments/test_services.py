import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from docx import Document

from academies.models import AcademyMembership
from assessments import services
from assessments.letters import letters_zip
from assessments.models import Assessment, DecisionLetter, Recommendation, RejectionReason
from assessments.selectors import ranking, scores_visible, visible_assessments
from grants.models import Application, ApplicationStatus, Award, SentEmail
from tests.assessments.factories import CriterionFactory
from tests.factories import ApplicationFactory, CallFactory, municipality
from tests.grants.portal_setup import AALTER, ANTWERPEN, GENT, manager

S = services.ScoreInput


@pytest.fixture
def call(db):
    call = CallFactory(year=2027, budget=Decimal("10000.00"), amount_per_municipality=Decimal("2000.00"),
                       cap_per_academy=Decimal("6000.00"))
    CriterionFactory(call=call, title="Bereik", weight=2, scale_max=5)
    CriterionFactory(call=call, title="Kwaliteit", weight=1, scale_max=10)
    return call


def application_in(call, *codes):
    application = ApplicationFactory(call=call, status=ApplicationStatus.SUBMITTED)
    application.planned_municipalities.set([municipality(code) for code in codes])
    return application


def scored(call, application, assessor, reach, quality, recommendation=Recommendation.AWARD):
    first, second = call.criteria.all()
    return services.assessment_save(application=application, assessor=assessor, recommendation=recommendation,
                                    comment="", scores={first.pk: S(reach), second.pk: S(quality)}, submit=True)


class TestAssessmentSave:
    def test_a_contact_of_the_academy_cannot_assess_it(self, call):
        application = application_in(call, GENT)
        assessor = manager("assessor")
        AcademyMembership.objects.create(user=assessor, academy=application.academy)
        with pytest.raises(ValidationError, match="contactpersoon|contact"):
            scored(call, application, assessor, 4, 8)
        assert not Assessment.objects.exists()

    def test_submitting_needs_every_criterion_and_a_recommendation(self, call):
        application = application_in(call, GENT)
        first = call.criteria.first()
        with pytest.raises(ValidationError) as error:
            services.assessment_save(application=application, assessor=manager(), recommendation="", comment="",
                                     scores={first.pk: S(3)}, submit=True)
        assert set(error.value.message_dict) == {f"score_{call.criteria.last().pk}", "recommendation"}

    def test_a_score_above_the_scale_is_refused(self, call):
        application = application_in(call, GENT)
        first = call.criteria.first()
        with pytest.raises(ValidationError) as error:
            services.assessment_save(application=application, assessor=manager(), recommendation="", comment="",
                                     scores={first.pk: S(6)})
        assert f"score_{first.pk}" in error.value.message_dict

    def test_a_submitted_assessment_is_fixed(self, call):
        application = application_in(call, GENT)
        assessor = manager()
        scored(call, application, assessor, 4, 8)
        with pytest.raises(ValidationError):
            scored(call, application, assessor, 1, 1)

    def test_others_scores_stay_hidden_until_the_own_is_submitted(self, call):
        application = application_in(call, GENT)
        first, second = manager("eerste"), manager("tweede")
        scored(call, application, first, 4, 8)
        services.assessment_save(application=application, assessor=second, recommendation="", comment="",
                                 scores={call.criteria.first().pk: S(2)})
        assert not scores_visible(application=application, user=second)
        assert [a.assessor for a in visible_assessments(application=application, user=second)] == [second]
        scored(call, application, second, 2, 5)
        assert {a.assessor for a in visible_assessments(application=application, user=second)} == {first, second}

    def test_a_third_assessment_is_refused_once_two_are_in(self, call, settings):
        settings.ASSESSMENTS_PER_APPLICATION = 2
        application = application_in(call, GENT)
        scored(call, application, manager("a"), 4, 8)
        scored(call, application, manager("b"), 4, 8)
        with pytest.raises(ValidationError):
            scored(call, application, manager("c"), 4, 8)


class TestRanking:
    def test_ranks_by_weighted_score_with_the_budget_line(self, call, django_assert_max_num_queries):
        strong = application_in(call, GENT, AALTER)  # 4.000
        weak = application_in(call, GENT, AALTER, ANTWERPEN)  # 6.000: no longer fits in 10.000
        unassessed = application_in(call, GENT)
        for name, (application, reach, quality) in {"a": (strong, 5, 10), "b": (weak, 2, 4)}.items():
            scored(call, application, manager(f"{name}1"), reach, quality)
            scored(call, application, manager(f"{name}2"), reach - 1, quality)
        with django_assert_max_num_queries(8):
            rows = ranking(call=call).rows
        assert [row.application for row in rows] == [strong, weak, unassessed]
        # strong: (2*5 + 10) / (2*5 + 10) = 100 and (2*4 + 10) / 20 = 90 -> 95.0
        assert rows[0].score == Decimal("95.0")
        assert [row.cumulative_amount for row in rows] == [Decimal("4000.00"), Decimal("10000.00"),
                                                           Decimal("12000.00")]
        assert [row.fits_budget for row in rows] == [True, True, False]
        assert rows[2].score is None


def letter_text(letter) -> str:
    return "\n".join(paragraph.text for paragraph in Document(io.BytesIO(bytes(letter.content))).paragraphs)


class TestDecisionsTake:
    def test_a_batch_is_decided_with_a_letter_each(self, call):
        first, second, third = application_in(call, GENT), application_in(call, AALTER), application_in(call, GENT)
        decider = manager()
        letters = services.decisions_take(decided_by=decider, decisions=[
            services.Decision(application=first, award=True),
            services.Decision(application=second, award=True, amount=Decimal("1500.00"), reason_text="Kleiner"),
            services.Decision(application=third, award=False, reason=RejectionReason.QUALITY, reason_text="Te vaag"),
        ])
        assert Award.objects.get(application=first).amount == Decimal("2000.00")
        assert Application.objects.get(pk=third.pk).status == ApplicationStatus.REJECTED
        assert DecisionLetter.objects.count() == 3
        texts = {letter.application_id: letter_text(letter) for letter in letters}
        assert "€\u00a02.000,00" in texts[first.pk] and "Gent (44021)" in texts[first.pk]
        assert "€\u00a01.500,00" in texts[second.pk] and "Aalter" in texts[second.pk]
        assert "Te vaag" in texts[third.pk]
        with zipfile.ZipFile(io.BytesIO(letters_zip(letters))) as archive:
            assert len(archive.namelist()) == 3

    def test_a_batch_over_the_budget_decides_nothing_and_names_the_first_that_does_not_fit(self, call):
        fits = application_in(call, GENT, AALTER, ANTWERPEN)  # 6.000
        too_much = application_in(call, GENT, AALTER)  # 4.000: 10.000 in all, fits
        over = application_in(call, GENT)  # 2.000 over
        with pytest.raises(ValidationError) as error:
            services.decisions_take(decided_by=manager(), decisions=[
                services.Decision(application=a, award=True) for a in (fits, too_much, over)])
        assert str(over.academy) in str(error.value)
        assert not Award.objects.exists()
        assert not DecisionLetter.objects.exists()
        assert set(Application.objects.values_list("status", flat=True)) == {ApplicationStatus.SUBMITTED}

    def test_a_rejection_needs_a_reason(self, call):
        with pytest.raises(ValidationError):
            services.decisions_take(decided_by=manager(), decisions=[
                services.Decision(application=application_in(call, GENT), award=False)])


class TestLettersByEmail:
    def test_each_decision_is_mailed_once_with_its_letter_and_logged_in_the_outbox(
            self, call, mailoutbox, django_capture_on_commit_callbacks):
        awarded, rejected = application_in(call, GENT), application_in(call, AALTER)
        decider = manager()
        with django_capture_on_commit_callbacks(execute=True):
            letters = services.decisions_take(decided_by=decider, decisions=[
                services.Decision(application=awarded, award=True),
                services.Decision(application=rejected, award=False, reason=RejectionReason.BUDGET)])
        assert len(mailoutbox) == 2
        for letter, message in zip(letters, mailoutbox, strict=True):
            assert letter.application.academy.contact_email in message.to
            [(name, content, mimetype)] = message.attachments
            assert (name, content) == (letter.filename, bytes(letter.content))
            assert mimetype.endswith("wordprocessingml.document")
            assert "beslissingsbrief" in message.body
            entry = SentEmail.objects.get(academy=letter.application.academy)
            assert (entry.kind, entry.attachments, entry.sent_by) == ("decision", [letter.filename], decider)

    def test_a_batch_that_decides_nothing_mails_nothing(self, call, mailoutbox, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
            services.decisions_take(decided_by=manager(), decisions=[
                services.Decision(application=application_in(call, GENT, AALTER, ANTWERPEN), award=True),
                services.Decision(application=application_in(call, GENT, AALTER, ANTWERPEN), award=True)])
        assert mailoutbox == [] and not SentEmail.objects.exists()

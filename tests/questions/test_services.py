import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from docx import Document
from pypdf import PdfReader

from questions import services
from questions.models import AnswerKind, QuestionStatus, Review, ReviewOutcome, SentAnswer, TextBlockVersion
from reports.models import FrozenAnswer
from tests.questions.conftest import register

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)


class TestRegister:
    def test_deadline_years_parts_and_history_with_the_user(self, question, author):
        assert question.due_on == datetime.date(2023, 3, 29)
        assert question.years == [2022]
        assert [part.value for part in question.parts] == ["reach", "children", "money"]
        assert question.status == QuestionStatus.RECEIVED
        assert question.history.get().history_user == author

    def test_a_question_without_years_or_parts_is_refused(self, author):
        with pytest.raises(ValidationError):
            register(author, years=())
        with pytest.raises(ValidationError):
            register(author, number=2, parts=())

    def test_the_database_refuses_a_deadline_before_receipt(self, question):
        with pytest.raises(IntegrityError), transaction.atomic():
            type(question).objects.filter(pk=question.pk).update(due_on=datetime.date(2020, 1, 1))


class TestTextBlocks:
    def test_each_change_is_a_new_version_with_author_and_a_diff(self, question, author, approver):
        first = services.text_block_write(question=question, slot="introduction", text="Een.\n\nTwee.",
                                          acting_user=author)
        assert services.text_block_write(question=question, slot="introduction", text="Een.\n\nTwee.",
                                         acting_user=author) is None
        second = services.text_block_write(question=question, slot="introduction", text="Een.\n\nDrie.",
                                           acting_user=approver)
        assert (first.number, second.number, second.written_by) == (1, 2, approver)
        assert services.version_diff(first, second) == [
            ("same", "Een."), ("same", ""), ("removed", "Twee."), ("added", "Drie.")]
        assert services.version_diff(None, first) == [("added", "Een."), ("added", ""), ("added", "Twee.")]
        question.refresh_from_db()
        assert question.status == QuestionStatus.DRAFTING

    def test_html_is_kept_as_text_and_control_characters_are_refused(self, question, author):
        version = services.text_block_write(question=question, slot="closing", text="<script>x</script> <b>b</b>",
                                            acting_user=author)
        assert version.text == "<script>x</script> <b>b</b>"
        with pytest.raises(ValidationError):
            services.text_block_write(question=question, slot="closing", text="bel\x07", acting_user=author)

    def test_the_database_refuses_control_characters(self, question, author):
        version = services.text_block_write(question=question, slot="closing", text="ok", acting_user=author)
        with pytest.raises(IntegrityError), transaction.atomic():
            TextBlockVersion.objects.filter(pk=version.pk).update(text="bel\x07")


class TestFourEyes:
    def test_the_author_cannot_approve_their_own_draft(self, question, author, approver):
        services.text_block_write(question=question, slot="introduction", text="Inleiding.", acting_user=author)
        with pytest.raises(ValidationError):
            services.draft_send_for_approval(question=question, approver=author, acting_user=author)
        services.draft_send_for_approval(question=question, approver=approver, acting_user=author)
        with pytest.raises(ValidationError):
            services.draft_approve(question=question, acting_user=author)
        question.refresh_from_db()
        assert question.status == QuestionStatus.FOR_APPROVAL

    def test_an_approver_who_wrote_a_current_block_cannot_approve(self, question, author, approver):
        services.text_block_write(question=question, slot="introduction", text="Inleiding.", acting_user=approver)
        services.draft_send_for_approval(question=question, approver=approver, acting_user=author)
        with pytest.raises(ValidationError):
            services.draft_approve(question=question, acting_user=approver)

    def test_the_database_refuses_a_review_by_its_requester(self, question, author):
        with pytest.raises(IntegrityError), transaction.atomic():
            Review.objects.create(question=question, requested_by=author, approver=author,
                                  requested_at=datetime.datetime.now(datetime.UTC))

    def test_a_returned_draft_keeps_its_versions(self, question, author, approver):
        services.text_block_write(question=question, slot="introduction", text="Eerste.", acting_user=author)
        services.draft_send_for_approval(question=question, approver=approver, acting_user=author)
        with pytest.raises(ValidationError):
            services.draft_return(question=question, comment="", acting_user=approver)
        review = services.draft_return(question=question, comment="Cijfer nakijken.", acting_user=approver)
        assert review.outcome == ReviewOutcome.RETURNED
        services.text_block_write(question=question, slot="introduction", text="Tweede.", acting_user=author)
        question.refresh_from_db()
        assert question.status == QuestionStatus.DRAFTING
        assert list(TextBlockVersion.objects.filter(block__question=question).values_list("text", flat=True)) == [
            "Tweede.", "Eerste."]

    def test_only_an_approved_answer_can_be_sent(self, question, author):
        with pytest.raises(ValidationError):
            services.answer_send(question=question, acting_user=author)


class TestSend:
    def test_sending_freezes_once_and_the_hash_verifies(self, approved, author, approver):
        sent = services.answer_send(question=approved, acting_user=author)
        assert sent.kind == AnswerKind.FINAL and sent.approved_by == approver
        assert [answer.year for answer in sent.frozen_answers.all()] == [2022]
        assert services.sent_answer_verify(sent)
        approved.refresh_from_db()
        assert approved.status == QuestionStatus.SENT
        with pytest.raises(ValidationError):
            services.answer_send(question=approved, acting_user=author)
        assert (SentAnswer.objects.count(), FrozenAnswer.objects.count()) == (1, 1)
        with pytest.raises(IntegrityError), transaction.atomic():
            SentAnswer.objects.create(question=approved, kind=AnswerKind.FINAL, sent_at=sent.sent_at, sent_by=author,
                                      approved_by=approver, header={}, text_blocks={}, answer_text="", docx=b"",
                                      content_hash="0" * 64)

    def test_a_changed_answer_no_longer_verifies(self, approved, author):
        sent = services.answer_send(question=approved, acting_user=author)
        sent.text_blocks = {"introduction": "Iets anders."}
        assert not services.sent_answer_verify(sent)

    @pytest.mark.parametrize("document", ["docx", "pdf"])
    def test_word_and_pdf_answer_hold_header_question_blocks_and_figures(self, approved, author, document):
        sent = services.answer_send(question=approved, acting_user=author)
        text = docx_text(bytes(sent.docx)) if document == "docx" else pdf_text(bytes(sent.pdf))
        for expected in ("Schriftelijke vraag nr. 485", "An Vermeulen", "01/03/2023", "Jo Peeters",
                         "STEM-academies", "Hoeveel gemeenten hadden een STEM-academie?", "Inleiding.",
                         "Agentschap Innoveren & Ondernemen (VLAIO)"):
            assert expected in text
        for figure in sent.frozen_answers.get().figures:
            if figure["key"].startswith(("municipalities_", "participants", "rollout_")):
                assert figure["label"] in text

    def test_provisional_then_final(self, question, author, approver, data_2022):
        services.text_block_write(question=question, slot="introduction", text="Voorlopig.", acting_user=author)
        services.draft_send_for_approval(question=question, approver=approver, acting_user=author, provisional=True)
        services.draft_approve(question=question, acting_user=approver)
        assert services.answer_send(question=question, acting_user=author).kind == AnswerKind.PROVISIONAL
        with pytest.raises(ValidationError):
            services.question_publish(question=question, acting_user=author)
        services.question_reopen_for_final(question=question, acting_user=author)
        services.text_block_write(question=question, slot="introduction", text="Definitief.", acting_user=author)
        services.draft_send_for_approval(question=question, approver=approver, acting_user=author)
        services.draft_approve(question=question, acting_user=approver)
        assert services.answer_send(question=question, acting_user=author).kind == AnswerKind.FINAL
        assert services.question_publish(question=question, acting_user=author).status == QuestionStatus.PUBLISHED


def test_an_answered_question_can_no_longer_be_changed_and_shows_its_question_as_sent(approved, author):
    sent = services.answer_send(question=approved, acting_user=author)
    with pytest.raises(ValidationError):
        services.question_update(question=approved, acting_user=author, text="Andere vraag")
    assert sent.header["question_text"] == "Hoeveel gemeenten hadden een STEM-academie?"
    assert {figure["part"] for figure in sent.figures} == {"reach", "children", "money"}

"""Writes of the questions app: register, write text blocks, four-eyes approval, send (freeze) and publish. Every
function takes the acting user as a keyword and records it (as the history user or on the row it writes)."""

import datetime
import difflib
import hashlib
import json
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from questions.answer import build_answer, render_docx, render_pdf
from questions.deadline import question_deadline
from questions.models import (
    CONTROL_CHARACTERS,
    AnswerKind,
    AskedYear,
    Part,
    QuestionStatus,
    Review,
    ReviewOutcome,
    SentAnswer,
    Slot,
    StandardText,
    TextBlock,
    TextBlockVersion,
    WrittenQuestion,
)
from questions.rules import may_manage_questions
from reports.models import FrozenAnswer
from reports.services import frozen_answer_create, frozen_answer_is_intact

EDITABLE_STATUSES = (QuestionStatus.RECEIVED, QuestionStatus.DRAFTING)


def is_manager(user) -> bool:
    return bool(may_manage_questions(user))


def text_validate(text: str) -> str:
    """Plain text only: control characters are refused; HTML is kept as the characters typed (it is escaped
    wherever it is shown)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if re.search(CONTROL_CHARACTERS, text):
        raise ValidationError(_("The text contains control characters; remove them (paste as plain text)."))
    return text.strip()


def _save(instance, *, acting_user) -> None:
    instance.full_clean()
    instance._history_user = acting_user
    instance.save()


def _parts_fields(parts) -> dict:
    parts = {Part(part) for part in parts}
    return {f"asks_{part.value}": part in parts for part in Part}


@transaction.atomic
def question_register(*, number: int, received_on: datetime.date, member: str, minister: str, subject: str,
                      text: str, years: list[int], parts: list[str], assignee=None,
                      acting_user) -> WrittenQuestion:
    if not years:
        raise ValidationError({"years": _("Choose at least one year.")})
    question = WrittenQuestion(
        number=number, received_on=received_on, due_on=question_deadline(received_on), member=member,
        minister=minister, subject=subject, text=text_validate(text), assignee=assignee, registered_by=acting_user,
        **_parts_fields(parts))
    if not question.parts:
        raise ValidationError({"parts": _("Choose at least one part.")})
    _save(question, acting_user=acting_user)
    for year in sorted(set(years)):
        asked = AskedYear(question=question, year=year)
        asked.full_clean()
        asked.save()
    return question


@transaction.atomic
def question_update(*, question: WrittenQuestion, acting_user, years: list[int] | None = None,
                    parts: list[str] | None = None, **fields) -> WrittenQuestion:
    """Changes the register entry (number, dates, people, subject, text, assignee, years, parts); the deadline
    follows the date received."""
    question = WrittenQuestion.objects.select_for_update().get(pk=question.pk)
    if not question.is_open:
        raise ValidationError(_("An answered question can no longer be changed."))
    if "text" in fields:
        fields["text"] = text_validate(fields["text"])
    for name, value in fields.items():
        setattr(question, name, value)
    question.due_on = question_deadline(question.received_on)
    if parts is not None:
        for name, value in _parts_fields(parts).items():
            setattr(question, name, value)
        if not question.parts:
            raise ValidationError({"parts": _("Choose at least one part.")})
    _save(question, acting_user=acting_user)
    if years is not None:
        if not years:
            raise ValidationError({"years": _("Choose at least one year.")})
        question.asked_years.exclude(year__in=years).delete()
        for year in sorted(set(years)):
            AskedYear.objects.get_or_create(question=question, year=year)
    return question


def current_texts(question: WrittenQuestion) -> dict[str, TextBlockVersion]:
    """The newest version of each text block of `question`, by slot."""
    versions = (TextBlockVersion.objects.filter(block__question=question).select_related("block", "written_by")
                .order_by("block__slot", "-number"))
    current: dict[str, TextBlockVersion] = {}
    for version in versions:
        current.setdefault(version.block.slot, version)
    return current


@transaction.atomic
def text_block_write(*, question: WrittenQuestion, slot: str, text: str, acting_user) -> TextBlockVersion | None:
    """Adds a version of the text block at `slot` when `text` differs from its newest version (None when
    unchanged). A received question goes to "being drafted"."""
    question = WrittenQuestion.objects.select_for_update().get(pk=question.pk)
    if question.status not in EDITABLE_STATUSES:
        raise ValidationError(_("Only a question that is received or being drafted can be edited."))
    slot = Slot(slot)
    if slot not in question.slots:
        raise ValidationError(_("This question does not ask for that part."))
    text = text_validate(text)
    block, _created = TextBlock.objects.get_or_create(question=question, slot=slot)
    latest = block.versions.order_by("-number").first()
    if latest is not None and latest.text == text:
        return None
    version = TextBlockVersion(block=block, number=(latest.number + 1) if latest else 1, text=text,
                               written_by=acting_user, written_at=timezone.now())
    version.full_clean()
    version.save()
    if question.status == QuestionStatus.RECEIVED:
        question.status = QuestionStatus.DRAFTING
        _save(question, acting_user=acting_user)
    return version


def version_diff(older: TextBlockVersion | None, newer: TextBlockVersion) -> list[tuple[str, str]]:
    """The lines of `newer` against `older` (nothing when None), each as ("same" | "added" | "removed", line)."""
    before, after = (older.text.splitlines() if older else []), newer.text.splitlines()
    lines: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if tag == "equal":
            lines += [("same", line) for line in after[j1:j2]]
            continue
        lines += [("removed", line) for line in before[i1:i2]]
        lines += [("added", line) for line in after[j1:j2]]
    return lines


@transaction.atomic
def standard_text_create(*, slot: str, title: str, text: str, acting_user) -> StandardText:
    standard = StandardText(slot=Slot(slot), title=title, text=text_validate(text), created_by=acting_user)
    _save(standard, acting_user=acting_user)
    return standard


@transaction.atomic
def draft_send_for_approval(*, question: WrittenQuestion, approver, acting_user, provisional: bool = False) -> Review:
    """Sends the draft to `approver`, another manager than `acting_user`."""
    question = WrittenQuestion.objects.select_for_update().get(pk=question.pk)
    if question.status != QuestionStatus.DRAFTING:
        raise ValidationError(_("Only a draft being written can be sent for approval."))
    if approver is None or approver.pk == acting_user.pk:
        raise ValidationError({"approver": _("Choose another staff member than yourself to approve the draft.")})
    if not is_manager(approver):
        raise ValidationError({"approver": _("The approver must be a VLAIO manager.")})
    review = Review(question=question, requested_by=acting_user, requested_at=timezone.now(), approver=approver)
    _save(review, acting_user=acting_user)
    question.status = QuestionStatus.FOR_APPROVAL
    question.provisional = provisional
    _save(question, acting_user=acting_user)
    return review


def pending_review(question: WrittenQuestion) -> Review | None:
    return question.reviews.filter(outcome=ReviewOutcome.PENDING).select_related("requested_by", "approver").first()


def check_may_approve(*, question: WrittenQuestion, acting_user) -> Review:
    """The pending review of `question` if `acting_user` may decide it: its approver, who neither sent it for
    approval nor wrote a current version of its text blocks (four eyes)."""
    review = pending_review(question)
    if question.status != QuestionStatus.FOR_APPROVAL or review is None:
        raise ValidationError(_("This question has no draft awaiting approval."))
    if review.requested_by_id == acting_user.pk or any(
            version.written_by_id == acting_user.pk for version in current_texts(question).values()):
        raise ValidationError(_("You wrote this draft: another staff member must approve it."))
    if review.approver_id != acting_user.pk:
        raise ValidationError(_("This draft awaits the approval of %(name)s.") % {
            "name": review.approver.get_full_name() or review.approver.get_username()})
    return review


@transaction.atomic
def draft_approve(*, question: WrittenQuestion, acting_user, comment: str = "") -> Review:
    question = WrittenQuestion.objects.select_for_update().get(pk=question.pk)
    review = check_may_approve(question=question, acting_user=acting_user)
    review.outcome, review.decided_at, review.comment = ReviewOutcome.APPROVED, timezone.now(), text_validate(comment)
    _save(review, acting_user=acting_user)
    question.status = QuestionStatus.APPROVED
    _save(question, acting_user=acting_user)
    return review


@transaction.atomic
def draft_return(*, question: WrittenQuestion, comment: str, acting_user) -> Review:
    """Sends the draft back to be rewritten, with a comment; its versions stay."""
    question = WrittenQuestion.objects.select_for_update().get(pk=question.pk)
    review = check_may_approve(question=question, acting_user=acting_user)
    comment = text_validate(comment)
    if not comment:
        raise ValidationError({"comment": _("Say what must change.")})
    review.outcome, review.decided_at, review.comment = ReviewOutcome.RETURNED, timezone.now(), comment
    _save(review, acting_user=acting_user)
    question.status = QuestionStatus.DRAFTING
    _save(question, acting_user=acting_user)
    return review


def sent_answer_hash(*, header: dict, text_blocks: dict, figures: list, docx: bytes, pdf: bytes,
                     frozen_hashes: list[str]) -> str:
    digest = hashlib.sha256()
    digest.update(json.dumps({"header": header, "text_blocks": text_blocks, "figures": figures,
                              "frozen": sorted(frozen_hashes)},
                             sort_keys=True, ensure_ascii=False).encode("utf-8"))
    digest.update(docx)
    digest.update(pdf)
    return digest.hexdigest()


def sent_answer_verify(sent: SentAnswer) -> bool:
    """True when the stored answer and each of its frozen answers still match their hashes."""
    frozen = list(sent.frozen_answers.all())
    if not all(frozen_answer_is_intact(answer) for answer in frozen):
        return False
    return sent.content_hash == sent_answer_hash(header=sent.header, text_blocks=sent.text_blocks,
                                                 figures=sent.figures, docx=bytes(sent.docx), pdf=bytes(sent.pdf),
                                                 frozen_hashes=[answer.content_hash for answer in frozen])


@transaction.atomic
def answer_send(*, question: WrittenQuestion, acting_user) -> SentAnswer:
    """Marks the approved answer sent and freezes it: the year's frozen answer for each year asked
    (`reports.services.frozen_answer_create`), the text blocks and figures, the Word and PDF answer and a hash. A
    question is sent once as provisional and once as final answer at most (the database refuses a second one of a
    kind)."""
    question = WrittenQuestion.objects.select_for_update().get(pk=question.pk)
    if question.status != QuestionStatus.APPROVED:
        raise ValidationError(_("Only an approved answer can be marked sent."))
    kind = AnswerKind.PROVISIONAL if question.provisional else AnswerKind.FINAL
    if question.sent_answers.filter(kind=kind).exists():
        raise ValidationError(_("This answer has already been sent."))
    review = question.reviews.filter(outcome=ReviewOutcome.APPROVED).order_by("-decided_at").first()
    now = timezone.now()
    texts = {slot: version.text for slot, version in current_texts(question).items()}
    answer = build_answer(question=question, texts=texts, as_of=timezone.localdate(now))
    docx, pdf = render_docx(answer), render_pdf(answer)
    frozen: list[FrozenAnswer] = [frozen_answer_create(year=year, acting_user=acting_user) for year in question.years]
    header, figures = {**answer.header, "question_text": answer.question_text}, answer.figures
    sent = SentAnswer(question=question, kind=kind, sent_at=now, sent_by=acting_user, approved_by=review.approver,
                      header=header, text_blocks=texts, figures=figures, answer_text=answer.plain_text(), docx=docx,
                      pdf=pdf, content_hash=sent_answer_hash(header=header, text_blocks=texts, figures=figures,
                                                             docx=docx, pdf=pdf,
                                                             frozen_hashes=[item.content_hash for item in frozen]))
    sent.full_clean(exclude=["frozen_answers"])
    sent.save(force_insert=True)
    sent.frozen_answers.set(frozen)
    question.status = QuestionStatus.SENT
    _save(question, acting_user=acting_user)
    return sent


@transaction.atomic
def question_reopen_for_final(*, question: WrittenQuestion, acting_user) -> WrittenQuestion:
    """After a provisional answer, the final one is drafted: back to "being drafted"."""
    question = WrittenQuestion.objects.select_for_update().get(pk=question.pk)
    kinds = set(question.sent_answers.values_list("kind", flat=True))
    if question.status != QuestionStatus.SENT or kinds != {AnswerKind.PROVISIONAL}:
        raise ValidationError(_("Only a question answered provisionally can get its final answer."))
    question.status, question.provisional = QuestionStatus.DRAFTING, False
    _save(question, acting_user=acting_user)
    return question


@transaction.atomic
def question_publish(*, question: WrittenQuestion, acting_user) -> WrittenQuestion:
    question = WrittenQuestion.objects.select_for_update().get(pk=question.pk)
    if question.status != QuestionStatus.SENT or not question.sent_answers.filter(kind=AnswerKind.FINAL).exists():
        raise ValidationError(_("Only a question whose final answer was sent can be marked published."))
    question.status = QuestionStatus.PUBLISHED
    _save(question, acting_user=acting_user)
    return question

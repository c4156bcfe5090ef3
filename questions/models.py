"""Written parliamentary questions ("schriftelijke vragen"): the register, the text blocks staff write with their
versions, the four-eyes reviews, the reusable standard texts, the reminders and the answers as sent."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from reports.models import FrozenAnswer

CONTROL_CHARACTERS = r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]"


class QuestionStatus(models.TextChoices):
    RECEIVED = "received", _("received")
    DRAFTING = "drafting", _("being drafted")
    FOR_APPROVAL = "for_approval", _("awaiting approval")
    APPROVED = "approved", _("approved")
    SENT = "sent", _("sent")
    PUBLISHED = "published", _("published")


OPEN_STATUSES = (QuestionStatus.RECEIVED, QuestionStatus.DRAFTING, QuestionStatus.FOR_APPROVAL,
                 QuestionStatus.APPROVED)
ANSWERED_STATUSES = (QuestionStatus.SENT, QuestionStatus.PUBLISHED)


class Part(models.TextChoices):
    """The parts a question can ask; all but FREE are answered with the figures of the answer content."""

    REACH = "reach", _("reach per province and municipality")
    CHILDREN = "children", _("children reached and gender")
    MONEY = "money", _("money and reserved budget")
    TREND = "trend", _("trend since the start")
    EVENTS = "events", _("UiT events")
    FREE = "free", _("free part (no figures)")


class AnswerKind(models.TextChoices):
    PROVISIONAL = "provisional", _("provisional answer")
    FINAL = "final", _("final answer")


class Slot(models.TextChoices):
    """Where a text block stands in the answer: an introduction, an explanation after each part, a closing."""

    INTRODUCTION = "introduction", _("introduction")
    REACH = "reach", _("explanation after: reach")
    CHILDREN = "children", _("explanation after: children and gender")
    MONEY = "money", _("explanation after: money and budget")
    TREND = "trend", _("explanation after: trend")
    EVENTS = "events", _("explanation after: UiT events")
    FREE = "free", _("answer to the free parts")
    CLOSING = "closing", _("closing")


def status_constraint(field: str, choices) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(**{f"{field}__in": choices.values}),
                                  name=f"%(class)s_{field}_valid")


class WrittenQuestionQuerySet(models.QuerySet):
    def for_table(self) -> "WrittenQuestionQuerySet":
        return self.select_related("assignee").prefetch_related("asked_years")

    def open(self) -> "WrittenQuestionQuerySet":
        return self.filter(status__in=OPEN_STATUSES)

    def answered(self) -> "WrittenQuestionQuerySet":
        return self.filter(status__in=ANSWERED_STATUSES)

    def due_by(self, day: datetime.date) -> "WrittenQuestionQuerySet":
        return self.open().filter(due_on__lte=day)

    def for_year(self, year: int) -> "WrittenQuestionQuerySet":
        return self.filter(asked_years__year=year).distinct()


class WrittenQuestion(models.Model):
    """A written question of a member of the Flemish Parliament ("Schriftelijke vraag nr. N"). `due_on` is
    computed from `received_on` by `questions.deadline.question_deadline` when the question is registered."""

    number = models.PositiveIntegerField(_("number"), unique=True)
    received_on = models.DateField(_("date received"))
    due_on = models.DateField(_("answer due on"), db_index=True)
    member = models.CharField(_("member of parliament"), max_length=200)
    minister = models.CharField(_("minister"), max_length=200)
    subject = models.CharField(_("subject"), max_length=300)
    text = models.TextField(_("question text"))
    asks_reach = models.BooleanField(_("reach per province and municipality"), default=False)
    asks_children = models.BooleanField(_("children reached and gender"), default=False)
    asks_money = models.BooleanField(_("money and reserved budget"), default=False)
    asks_trend = models.BooleanField(_("trend since the start"), default=False)
    asks_events = models.BooleanField(_("UiT events"), default=False)
    asks_free = models.BooleanField(_("free part (no figures)"), default=False)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="assigned_questions", verbose_name=_("assigned to"))
    status = models.CharField(_("status"), max_length=20, choices=QuestionStatus.choices,
                              default=QuestionStatus.RECEIVED, db_index=True)
    provisional = models.BooleanField(_("the draft is a provisional answer"), default=False)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("registered by"))
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = WrittenQuestionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "number"]
        verbose_name = _("written question")
        verbose_name_plural = _("written questions")
        constraints = [
            models.CheckConstraint(condition=Q(number__gt=0), name="writtenquestion_number_positive"),
            models.CheckConstraint(condition=Q(due_on__gt=F("received_on")), name="writtenquestion_due_after_receipt"),
            status_constraint("status", QuestionStatus),
            models.CheckConstraint(
                condition=Q(asks_reach=True) | Q(asks_children=True) | Q(asks_money=True) | Q(asks_trend=True)
                | Q(asks_events=True) | Q(asks_free=True), name="writtenquestion_asks_a_part"),
        ]

    def __str__(self) -> str:
        return _("Written question no. %(number)s") % {"number": self.number}

    @property
    def parts(self) -> list[Part]:
        return [part for part in Part if getattr(self, f"asks_{part.value}")]

    @property
    def years(self) -> list[int]:
        return sorted(asked.year for asked in self.asked_years.all())

    @property
    def slots(self) -> list[Slot]:
        """The text blocks of this question's answer, in the order of the answer."""
        return [Slot.INTRODUCTION, *(Slot(part.value) for part in self.parts), Slot.CLOSING]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class AskedYear(models.Model):
    question = models.ForeignKey(WrittenQuestion, on_delete=models.CASCADE, related_name="asked_years",
                                 verbose_name=_("question"))
    year = models.PositiveSmallIntegerField(_("year"))

    class Meta:
        ordering = ["year"]
        verbose_name = _("year asked")
        verbose_name_plural = _("years asked")
        constraints = [
            models.UniqueConstraint(fields=["question", "year"], name="askedyear_once_per_question"),
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="askedyear_plausible"),
        ]

    def __str__(self) -> str:
        return str(self.year)


class TextBlock(models.Model):
    """One block of text staff write for a question's answer; its text is the newest of its `versions`."""

    question = models.ForeignKey(WrittenQuestion, on_delete=models.CASCADE, related_name="text_blocks",
                                 verbose_name=_("question"))
    slot = models.CharField(_("place in the answer"), max_length=20, choices=Slot.choices)

    class Meta:
        verbose_name = _("text block")
        verbose_name_plural = _("text blocks")
        constraints = [
            models.UniqueConstraint(fields=["question", "slot"], name="textblock_one_per_slot"),
            status_constraint("slot", Slot),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.get_slot_display()}"


class TextBlockVersion(models.Model):
    """A version of a text block: plain text (paragraphs separated by a blank line, list items starting with
    "- "), never HTML; the database refuses control characters. Versions are never changed, only added."""

    block = models.ForeignKey(TextBlock, on_delete=models.CASCADE, related_name="versions",
                              verbose_name=_("text block"))
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"), blank=True)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("written by"))
    written_at = models.DateTimeField(_("written at"))

    class Meta:
        ordering = ["block", "-number"]
        verbose_name = _("text block version")
        verbose_name_plural = _("text block versions")
        constraints = [
            models.UniqueConstraint(fields=["block", "number"], name="textblockversion_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="textblockversion_number_positive"),
            models.CheckConstraint(condition=~Q(text__regex=CONTROL_CHARACTERS),
                                   name="textblockversion_no_control_characters"),
        ]

    def __str__(self) -> str:
        return f"{self.block} v{self.number}"


class StandardText(models.Model):
    """A reusable text ("standaardtekst") for one place in an answer, picked into a draft as a new version."""

    slot = models.CharField(_("place in the answer"), max_length=20, choices=Slot.choices)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["slot", "title"]
        verbose_name = _("standard text")
        verbose_name_plural = _("standard texts")
        constraints = [
            models.UniqueConstraint(fields=["slot", "title"], name="standardtext_title_unique_per_slot"),
            status_constraint("slot", Slot),
            models.CheckConstraint(condition=~Q(text__regex=CONTROL_CHARACTERS),
                                   name="standardtext_no_control_characters"),
        ]

    def __str__(self) -> str:
        return self.title


class ReviewOutcome(models.TextChoices):
    PENDING = "pending", _("pending")
    APPROVED = "approved", _("approved")
    RETURNED = "returned", _("returned")


class Review(models.Model):
    """A draft sent for approval by `requested_by` to `approver`, who approves it or returns it with a comment.
    The database refuses a review whose approver is its requester."""

    question = models.ForeignKey(WrittenQuestion, on_delete=models.CASCADE, related_name="reviews",
                                 verbose_name=_("question"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("sent for approval by"))
    requested_at = models.DateTimeField(_("sent for approval at"))
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("approver"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=ReviewOutcome.choices,
                               default=ReviewOutcome.PENDING)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.CheckConstraint(condition=~Q(approver=F("requested_by")), name="review_four_eyes"),
            status_constraint("outcome", ReviewOutcome),
            models.CheckConstraint(condition=Q(outcome=ReviewOutcome.PENDING, decided_at__isnull=True)
                                   | (~Q(outcome=ReviewOutcome.PENDING) & Q(decided_at__isnull=False)),
                                   name="review_decided_at_with_outcome"),
            models.UniqueConstraint(fields=["question"], condition=Q(outcome=ReviewOutcome.PENDING),
                                    name="review_one_pending_per_question"),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.get_outcome_display()}"


class SentAnswer(models.Model):
    """The answer as it was sent, once per kind: the header with the question text, the text blocks and the figures
    of the parts asked (JSON), the plain text searched by the archive, the Word and PDF documents, the frozen
    answer of each year asked (`reports.FrozenAnswer`, with all figures, DOCX and PDF of that year) and a SHA-256
    over all of it (`questions.services.sent_answer_hash`)."""

    question = models.ForeignKey(WrittenQuestion, on_delete=models.PROTECT, related_name="sent_answers",
                                 verbose_name=_("question"))
    kind = models.CharField(_("kind"), max_length=20, choices=AnswerKind.choices)
    sent_at = models.DateTimeField(_("sent at"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("sent by"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("approved by"))
    header = models.JSONField(_("header"))
    text_blocks = models.JSONField(_("text blocks"))
    figures = models.JSONField(_("figures"))
    answer_text = models.TextField(_("answer text"))
    docx = models.BinaryField(_("DOCX"))
    pdf = models.BinaryField(_("PDF"))
    frozen_answers = models.ManyToManyField(FrozenAnswer, related_name="sent_answers",
                                            verbose_name=_("frozen answers"))
    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("sent answer")
        verbose_name_plural = _("sent answers")
        constraints = [
            models.UniqueConstraint(fields=["question", "kind"], name="sentanswer_once_per_kind"),
            status_constraint("kind", AnswerKind),
            models.CheckConstraint(condition=Q(content_hash__regex=r"^[0-9a-f]{64}$"),
                                   name="sentanswer_hash_is_sha256"),
        ]

    def __str__(self) -> str:
        return f"{self.question} ({self.get_kind_display()})"


class ReminderStage(models.TextChoices):
    DUE_SOON = "due_soon", _("due soon")
    OVERDUE = "overdue", _("overdue")


class QuestionReminder(models.Model):
    """One reminder e-mail to the assignee per question and stage (unique): the command sends each once."""

    question = models.ForeignKey(WrittenQuestion, on_delete=models.CASCADE, related_name="reminders",
                                 verbose_name=_("question"))
    stage = models.CharField(_("stage"), max_length=20, choices=ReminderStage.choices)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("question reminder")
        verbose_name_plural = _("question reminders")
        constraints = [
            models.UniqueConstraint(fields=["question", "stage"], name="questionreminder_once_per_stage"),
            status_constraint("stage", ReminderStage),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.get_stage_display()}"

"""E-mail the assignee of every open written question that is due within QUESTIONS_REMINDER_WORKING_DAYS working
days or overdue, once per stage.

A `QuestionReminder` row (unique per question and stage) is written in the same transaction as the e-mail, so
running the command twice (or from two servers at once) sends each reminder once."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from grants import emails
from questions.deadline import add_working_days
from questions.models import QuestionReminder, ReminderStage, WrittenQuestion


class Command(BaseCommand):
    help = "E-mail the assignees of written questions due soon or overdue (each reminder once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=datetime.date.fromisoformat, default=None,
                            help="Pretend today is this date (YYYY-MM-DD); default: today in Europe/Brussels.")

    def handle(self, *args, today: datetime.date | None, **options) -> None:
        today = today or timezone.localdate()
        horizon = add_working_days(today, settings.QUESTIONS_REMINDER_WORKING_DAYS)
        questions = (WrittenQuestion.objects.due_by(horizon).filter(assignee__isnull=False)
                     .exclude(assignee__email="").select_related("assignee"))
        sent = 0
        for question in questions:
            stage = ReminderStage.OVERDUE if question.due_on < today else ReminderStage.DUE_SOON
            if QuestionReminder.objects.filter(question=question, stage=stage).exists():
                continue
            try:
                with transaction.atomic():
                    QuestionReminder.objects.create(question=question, stage=stage)
                    emails.send_to_staff(name="question_reminder", to=[question.assignee.email], context={
                        "question": question, "overdue": stage == ReminderStage.OVERDUE,
                        "url": emails.absolute_url(reverse("questions:detail", args=[question.pk]))})
            except IntegrityError:  # another run recorded this reminder at the same moment
                continue
            sent += 1
        self.stdout.write(f"{sent} reminder(s) sent.")

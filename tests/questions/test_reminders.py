import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from questions import services
from questions.models import QuestionReminder
from tests.questions.conftest import register

pytestmark = pytest.mark.django_db


def test_reminders_go_to_the_assignee_once_per_stage(author, settings):
    settings.LANGUAGE_CODE = "nl-be"
    question = register(author, received_on=datetime.date(2026, 3, 18))  # due 16/4/2026
    call_command("send_question_reminders", today=datetime.date(2026, 4, 8), verbosity=0)  # 6 working days before
    assert mail.outbox == []
    call_command("send_question_reminders", today=datetime.date(2026, 4, 9), verbosity=0)  # 5 working days before
    call_command("send_question_reminders", today=datetime.date(2026, 4, 10), verbosity=0)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [author.email]
    assert "Schriftelijke vraag 485" in mail.outbox[0].subject and "16/04/2026" in mail.outbox[0].subject
    call_command("send_question_reminders", today=datetime.date(2026, 4, 17), verbosity=0)
    call_command("send_question_reminders", today=datetime.date(2026, 4, 20), verbosity=0)
    assert len(mail.outbox) == 2 and "verstreken" in mail.outbox[1].body
    assert set(QuestionReminder.objects.filter(question=question).values_list("stage", flat=True)) == {
        "due_soon", "overdue"}


def test_no_reminder_once_the_question_is_answered(approved, author):
    services.answer_send(question=approved, acting_user=author)
    call_command("send_question_reminders", today=datetime.date(2030, 1, 1), verbosity=0)
    assert mail.outbox == []

import datetime

import pytest

from questions import selectors, services
from questions.models import QuestionStatus, WrittenQuestion
from tests.conftest import require_postgresql
from tests.questions.conftest import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(approved, author):
    services.answer_send(question=approved, acting_user=author)
    return approved


def test_the_archive_holds_answered_questions_only(sent, author):
    register(author, number=2)
    assert list(selectors.archive()) == [sent]


def test_search_finds_question_and_answer_text(sent):
    assert list(selectors.archive(search="gemeenten")) == [sent]
    assert list(selectors.archive(search="Inleiding")) == [sent]
    assert list(selectors.archive(search="olifant")) == []


@pytest.mark.postgres
def test_postgresql_search_is_full_text_in_dutch(sent):
    require_postgresql()
    assert list(selectors.archive(search="gemeente")) == [sent]  # stemmed: gemeenten
    assert list(selectors.archive(search="STEM-academie gemeenten")) == [sent]
    assert list(selectors.archive(search="gemeenten -academie")) == []


def test_deadline_state_overdue_soon_or_nothing(author):
    question = register(author, received_on=datetime.date(2026, 3, 18))  # due 16/4/2026
    assert selectors.deadline_state(question, datetime.date(2026, 4, 17)) == "overdue"
    assert selectors.deadline_state(question, datetime.date(2026, 4, 9)) == "soon"
    assert selectors.deadline_state(question, datetime.date(2026, 4, 8)) == ""
    WrittenQuestion.objects.filter(pk=question.pk).update(status=QuestionStatus.SENT)
    question.refresh_from_db()
    assert selectors.deadline_state(question, datetime.date(2026, 4, 17)) == ""


def test_the_history_holds_question_reviews_and_text_versions_with_who(approved, author, approver):
    rows = selectors.question_history(approved)
    who = [(str(row["label"]), row["record"].history_user.username) for row in rows]
    assert ("schriftelijke vraag", "auteur") in who and ("goedkeuringsronde", "goedkeurder") in who
    assert ("inleiding", "auteur") in who

import pytest

from demo.dataset import SEED
from demo.questions import build_demo_questions
from demo.writing import build_demo_data
from questions.models import QuestionStatus, WrittenQuestion
from questions.selectors import deadline_state
from questions.services import sent_answer_verify
from tests.questions.test_services import docx_text

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_questions_one_sent_with_the_seed_explanations_one_due_soon():
    build_demo_data(seed=SEED)
    assert build_demo_questions() == 2
    answered, open_question = WrittenQuestion.objects.get(number=312), WrittenQuestion.objects.get(number=128)
    assert answered.status == QuestionStatus.SENT and answered.years == [2022]
    sent = answered.sent_answers.get()
    assert sent_answer_verify(sent)
    assert "geen verplichting" in sent.text_blocks["children"]
    word = docx_text(bytes(sent.docx))
    assert "37.376" in word and "221" in word and "Hanne Vercammen" in word and "geen verplichting" in word
    assert open_question.is_open and deadline_state(open_question, open_question.due_on) == "soon"
    assert build_demo_questions() == 0

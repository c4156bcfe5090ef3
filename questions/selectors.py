"""Reads of the questions app: the work list, the archive search, the history of a question."""

import datetime
from types import SimpleNamespace

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from grants.selectors import history_rows_of
from questions.deadline import working_days_between
from questions.models import ANSWERED_STATUSES, Review, Slot, TextBlockVersion, WrittenQuestion

SOON_WORKING_DAYS = 5


def question_list() -> QuerySet[WrittenQuestion]:
    return WrittenQuestion.objects.for_table().order_by("due_on", "number")


def archive(*, search: str = "") -> QuerySet[WrittenQuestion]:
    """Answered questions (sent or published), newest first; with `search`, those whose question or answer text
    matches it: PostgreSQL full-text search (Dutch), a case-insensitive substring on other databases."""
    questions = WrittenQuestion.objects.for_table().filter(status__in=ANSWERED_STATUSES).order_by("-received_on")
    search = search.strip()
    if not search:
        return questions
    if connection.vendor == "postgresql":
        vector = (SearchVector("subject", weight="A", config="dutch") + SearchVector("text", config="dutch")
                  + SearchVector("sent_answers__answer_text", config="dutch"))
        matching = (WrittenQuestion.objects.annotate(document=vector)
                    .filter(document=SearchQuery(search, config="dutch", search_type="websearch")).values("pk"))
    else:
        matching = WrittenQuestion.objects.filter(
            Q(subject__icontains=search) | Q(text__icontains=search)
            | Q(sent_answers__answer_text__icontains=search)).values("pk")
    return questions.filter(pk__in=matching)


def deadline_state(question: WrittenQuestion, today: datetime.date) -> str:
    """"overdue", "soon" (due within SOON_WORKING_DAYS working days) or "" for an open question; "" once sent."""
    if not question.is_open:
        return ""
    if question.due_on < today:
        return "overdue"
    return "soon" if working_days_between(today, question.due_on) <= SOON_WORKING_DAYS else ""


def question_history(question: WrittenQuestion) -> list[dict]:
    """Every change of the question, of its reviews and of its text blocks (each version), oldest first, with who
    and when: rows for `grants.tables.HistoryTable`."""
    rows = history_rows_of(question.history.all(), WrittenQuestion._meta)
    rows += history_rows_of(Review.history.filter(question_id=question.pk), Review._meta)
    versions = TextBlockVersion.objects.filter(block__question=question).select_related("block", "written_by")
    rows += [{"record": SimpleNamespace(history_date=version.written_at, history_user=version.written_by,
                                        history_type="+" if version.number == 1 else "~"),
              "changes": [], "label": Slot(version.block.slot).label,
              "subject": _("version %(number)s") % {"number": version.number}} for version in versions]
    return sorted(rows, key=lambda row: row["record"].history_date)

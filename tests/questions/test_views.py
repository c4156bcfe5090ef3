import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from questions import services
from questions.models import QuestionStatus, WrittenQuestion
from tests.factories import AcademyFactory, MembershipFactory, UserFactory
from tests.questions.conftest import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(db):
    user = UserFactory(username="contact-vragen")
    MembershipFactory(user=user, academy=AcademyFactory())
    return user


@pytest.fixture
def sent(approved, author):
    return services.answer_send(question=approved, acting_user=author)


def urls(question, sent):
    """(url, method, manager only) for every page and action of the feature."""
    pk = question.pk
    return [
        (reverse("questions:list"), "get", True),
        (reverse("questions:create"), "get", True),
        (reverse("questions:create"), "post", True),
        (reverse("questions:detail", args=[pk]), "get", True),
        (reverse("questions:edit", args=[pk]), "get", True),
        (reverse("questions:edit", args=[pk]), "post", True),
        (reverse("questions:text-block", args=[pk, "introduction"]), "get", True),
        (reverse("questions:text-block", args=[pk, "introduction"]), "post", True),
        (reverse("questions:request-approval", args=[pk]), "post", True),
        (reverse("questions:approve", args=[pk]), "post", True),
        (reverse("questions:return", args=[pk]), "post", True),
        (reverse("questions:send", args=[pk]), "post", True),
        (reverse("questions:reopen", args=[pk]), "post", True),
        (reverse("questions:publish", args=[pk]), "post", True),
        (reverse("questions:draft-document", args=[pk, "docx"]), "get", True),
        (reverse("questions:draft-document", args=[pk, "pdf"]), "get", True),
        (reverse("questions:standard-texts"), "get", True),
        (reverse("questions:standard-texts"), "post", True),
        (reverse("questions:archive"), "get", False),
        (reverse("questions:archive-detail", args=[pk]), "get", False),
        (reverse("questions:sent-document", args=[sent.pk, "docx"]), "get", False),
        (reverse("questions:sent-document", args=[sent.pk, "pdf"]), "get", False),
        (reverse("questions:guide"), "get", False),
    ]


def test_every_url_per_role(client, sent, approved, author, lezer, contact):
    for url, method, manager_only in urls(approved, sent):
        client.force_login(contact)
        assert getattr(client, method)(url).status_code == 403, url
        client.force_login(lezer)
        assert getattr(client, method)(url).status_code == (403 if manager_only else 200), url
        client.force_login(author)
        assert getattr(client, method)(url).status_code in (200, 302, 400), url
        client.logout()
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "login" in response["Location"], url
    approved.refresh_from_db()
    assert approved.status == QuestionStatus.PUBLISHED  # the manager's POSTs went through; nobody else's did
    assert WrittenQuestion.objects.count() == 1


def test_register_draft_approve_send_through_the_pages(client, author, approver, data_2022):
    client.force_login(author)
    response = client.post(reverse("questions:create"), {
        "number": 12, "received_on": "2025-12-19", "member": "Lien Maes", "minister": "Jo Peeters",
        "subject": "Meisjes in STEM", "text": "Hoeveel meisjes?", "years": ["2022"], "parts": ["children"],
        "assignee": author.pk})
    question = WrittenQuestion.objects.get(number=12)
    assert response.status_code == 302 and question.due_on == datetime.date(2026, 1, 21)
    text_url = reverse("questions:text-block", args=[question.pk, "introduction"])
    assert client.post(text_url, {"text": "<b>Vet</b>\n\n- een\n- twee"}).status_code == 302
    page = client.get(reverse("questions:detail", args=[question.pk])).content.decode()
    assert "&lt;b&gt;Vet&lt;/b&gt;" in page and "<b>Vet</b>" not in page and "<li>een</li>" in page
    client.post(reverse("questions:request-approval", args=[question.pk]), {"approver": approver.pk})
    client.post(reverse("questions:approve", args=[question.pk]))
    question.refresh_from_db()
    assert question.status == QuestionStatus.FOR_APPROVAL  # the author cannot approve
    client.force_login(approver)
    client.post(reverse("questions:approve", args=[question.pk]))
    client.force_login(author)
    client.post(reverse("questions:send", args=[question.pk]))
    question.refresh_from_db()
    assert question.status == QuestionStatus.SENT
    archive = client.get(reverse("questions:archive"), {"search": "meisjes"}).content.decode()
    assert "Meisjes in STEM" in archive
    assert "Meisjes in STEM" not in client.get(reverse("questions:archive"), {"search": "olifant"}).content.decode()


def test_the_author_is_told_they_cannot_approve_their_own_draft(client, question, author, approver):
    services.text_block_write(question=question, slot="introduction", text="Inleiding.", acting_user=author)
    services.draft_send_for_approval(question=question, approver=approver, acting_user=author)
    client.force_login(author)
    response = client.post(reverse("questions:approve", args=[question.pk]), follow=True)
    assert "U schreef dit ontwerp: een andere medewerker moet het goedkeuren." in response.content.decode()
    assert "goedkeuren/" not in client.get(reverse("questions:detail", args=[question.pk])).content.decode()
    question.refresh_from_db()
    assert question.status == QuestionStatus.FOR_APPROVAL


def test_a_part_not_asked_has_no_text_block(client, question, author):
    client.force_login(author)
    assert client.get(reverse("questions:text-block", args=[question.pk, "events"])).status_code == 404
    with pytest.raises(ValidationError):
        services.text_block_write(question=question, slot="events", text="x", acting_user=author)


def test_control_characters_are_refused_in_the_editor(client, question, author):
    client.force_login(author)
    response = client.post(reverse("questions:text-block", args=[question.pk, "closing"]), {"text": "bel\x07"})
    assert response.status_code == 400


def test_list_sorted_by_deadline_with_overdue_and_soon_marked(client, author, settings):
    today = datetime.date.today()
    register(author, number=1, received_on=today - datetime.timedelta(days=60))
    register(author, number=2, received_on=today)
    register(author, number=3, received_on=today - datetime.timedelta(days=26))
    client.force_login(author)
    page = client.get(reverse("questions:list")).content.decode()
    assert page.index(">1<") < page.index(">3<") < page.index(">2<")
    assert "table-danger" in page


def test_the_list_and_archive_queries_do_not_grow_with_the_questions(client, author, django_assert_max_num_queries):
    for number in range(1, 4):
        register(author, number=number, years=(2021, 2022))
    client.force_login(author)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("questions:list")).status_code == 200
    for number in range(4, 30):
        register(author, number=number, years=(2021, 2022))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("questions:list")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("questions:archive"), {"search": "gemeenten"}).status_code == 200

import datetime

import pytest

from questions import services
from tests.grants.portal_setup import manager, reader
from tests.reports.factories import call_of, funded_award, report

GENT, ANTWERPEN = "44021", "11002"


@pytest.fixture
def author(db):
    return manager(username="auteur")


@pytest.fixture
def approver(db):
    return manager(username="goedkeurder")


@pytest.fixture
def lezer(db):
    return reader(username="lezer-vragen")


@pytest.fixture
def data_2022(db):
    call = call_of(2022)
    first = funded_award(call=call, funded=[GENT])
    funded_award(call=call, funded=[ANTWERPEN])
    report(award=first, lines=[(GENT, 100, 60, 40, 0)])


def register(author, *, number=485, years=(2022,), parts=("reach", "children", "money"), **kwargs):
    fields = {"received_on": datetime.date(2023, 3, 1), "member": "An Vermeulen", "minister": "Jo Peeters",
              "subject": "STEM-academies", "text": "Hoeveel gemeenten hadden een STEM-academie?"} | kwargs
    return services.question_register(number=number, years=list(years), parts=list(parts), assignee=author,
                                      acting_user=author, **fields)


@pytest.fixture
def question(author):
    return register(author)


@pytest.fixture
def approved(question, author, approver, data_2022):
    services.text_block_write(question=question, slot="introduction", text="Inleiding.", acting_user=author)
    services.draft_send_for_approval(question=question, approver=approver, acting_user=author)
    services.draft_approve(question=question, acting_user=approver)
    question.refresh_from_db()
    return question

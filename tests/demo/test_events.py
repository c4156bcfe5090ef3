"""Demo UiT events reproduce the published counts and fill the answer sheet's event sentence and overview."""

import io
import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction

from academies.models import Event
from demo.dataset import SEED
from demo.events import EVENT_COUNTS, ID_PREFIX, build_demo_events
from grants.groups import READER_GROUP, sync_staff_groups
from reports.selectors import event_counts_by_year
from tests.conftest import load_reference_data
from tests.factories import StaffUserFactory


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load_reference_data()
        call_command("load_demo", verbosity=0, stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def answer_sheet(demo, client) -> str:
    sync_staff_groups()
    reader = StaffUserFactory(username="lezer")
    reader.groups.add(Group.objects.get(name=READER_GROUP))
    client.force_login(reader)
    response = client.get("/rapporten/antwoord/2022/")
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def test_published_counts(demo, db):
    counts = event_counts_by_year()
    assert counts[2021] == (1739, 1158)
    assert counts[2022] == (1882, 1252)
    assert {year: counts[year] for year in EVENT_COUNTS} == EVENT_COUNTS


def test_labelled_events_are_organised_by_a_funded_academy_in_a_funded_municipality(demo, db):
    event = Event.objects.filter(uit_id__startswith=ID_PREFIX, has_stem_label=True).select_related("academy").first()
    assert event.academy is not None and event.organiser_name == event.academy.name
    assert event.academy.applications.filter(call__year=event.start_date.year,
                                             award__funded_municipalities=event.municipality).exists()


def test_second_run_changes_nothing(demo, db):
    summary = build_demo_events(seed=SEED)
    assert (summary.created, summary.updated, summary.deleted) == (0, 0, 0)


def test_answer_sheet_2022_states_the_events(answer_sheet):
    sentence = re.search(r'id="answer-events">(.*?)</p>', answer_sheet).group(1)
    assert "van 1.739 in 2021, waarvan 1.158 met label STEM-academie, naar 1.882 in 2022, waarvan 1.252" in sentence


def test_answer_sheet_overview_has_2021_events(answer_sheet):
    row = re.search(r'<th scope="row">2021</th>(.*?)</tr>', answer_sheet).group(1)
    assert row.rstrip().endswith('<td class="num">1.739</td><td class="num">1.158</td>')

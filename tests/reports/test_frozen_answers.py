"""Frozen answers: stored once, downloaded byte-identical forever, compared figure by figure with today, and never
changed or deleted (database triggers)."""

import hashlib
import json

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse

from reports.models import FrozenAnswer
from reports.services import frozen_answer_create
from tests.conftest import OWNER, require_postgresql
from tests.grants.portal_setup import manager
from tests.reports.factories import call_of, funded_award, report

pytestmark = pytest.mark.django_db
GENT, ANTWERPEN = "44021", "11002"


@pytest.fixture
def beheerder():
    return manager(username="beheerder-bevriezen")


@pytest.fixture
def awards():
    call = call_of(2022)
    first = funded_award(call=call, funded=[GENT])
    second = funded_award(call=call, funded=[ANTWERPEN])
    report(award=first, lines=[(GENT, 100, 60, 40, 0)])
    return first, second


@pytest.fixture
def frozen(awards, beheerder):
    return frozen_answer_create(year=2022, acting_user=beheerder)


def test_freeze_stores_figures_documents_user_and_hash(frozen, beheerder):
    assert frozen.frozen_by == beheerder and frozen.frozen_by_name == "beheerder-bevriezen"
    figures = {figure["key"]: figure["value"] for figure in frozen.figures}
    assert figures["participants"] == 100 and figures["municipalities_confirmed"] == 1
    assert bytes(frozen.docx).startswith(b"PK") and bytes(frozen.pdf).startswith(b"%PDF")
    digest = hashlib.sha256(json.dumps(frozen.figures, sort_keys=True, ensure_ascii=False).encode()
                            + bytes(frozen.docx) + bytes(frozen.pdf)).hexdigest()
    assert frozen.content_hash == digest


def test_download_is_byte_identical_after_the_data_changes(client, frozen, awards, beheerder):
    client.force_login(beheerder)
    docx_before = client.get(reverse("reports:frozen-answer-download", args=[frozen.pk, "docx"])).content
    pdf_before = client.get(reverse("reports:frozen-answer-download", args=[frozen.pk, "pdf"])).content
    report(award=awards[1], lines=[(ANTWERPEN, 50, None, None, None)])
    docx_after = client.get(reverse("reports:frozen-answer-download", args=[frozen.pk, "docx"]))
    pdf_after = client.get(reverse("reports:frozen-answer-download", args=[frozen.pk, "pdf"]))
    assert docx_after.content == docx_before == bytes(frozen.docx)
    assert pdf_after.content == pdf_before == bytes(frozen.pdf)
    assert pdf_after["Content-Type"] == "application/pdf"
    assert "antwoord-2022-bevroren-" in pdf_after["Content-Disposition"]


def test_compare_with_today_lists_exactly_the_changed_figures(client, frozen, awards, beheerder):
    client.force_login(beheerder)
    unchanged = client.get(reverse("reports:frozen-answer-compare", args=[frozen.pk])).content.decode()
    assert "Geen enkel cijfer is gewijzigd" in unchanged
    report(award=awards[1], lines=[(ANTWERPEN, 50, None, None, None)])
    response = client.get(reverse("reports:frozen-answer-compare", args=[frozen.pk]))
    changes = {change.key: str(change) for change in response.context["changes"]}
    assert changes == {
        "municipalities_confirmed": "bereikte gemeenten (eindrapportages) 1 -> 2",
        "participants": "deelnemers (minstens) 100 -> 150",
        "reports_received": "ontvangen eindrapportages 1 -> 2",
        "reports_with_participants": "eindrapportages met een aantal deelnemers 1 -> 2",
        "province_10000_confirmed": "Antwerpen: bereikte gemeenten 0 -> 1",
        "province_10000_participants": "Antwerpen: deelnemers (minstens) – -> 50",
    }
    content = response.content.decode()
    assert "Deelnemers (minstens) 100 -&gt; 150" in content
    assert "1 eindrapportage ontvangen na" in content


def test_list_per_year_and_freeze_needs_the_beheerder_permission(client, awards, beheerder, reader):
    client.force_login(reader)
    assert client.get(reverse("reports:frozen-answers", args=[2022])).status_code == 200
    assert client.get(reverse("reports:answer-freeze", args=[2022])).status_code == 403
    assert client.post(reverse("reports:answer-freeze", args=[2022]), {"confirm": "yes"}).status_code == 403
    client.force_login(beheerder)
    confirm = client.get(reverse("reports:answer-freeze", args=[2022]))
    assert "Ja, bevries het antwoord" in confirm.content.decode()
    assert client.post(reverse("reports:answer-freeze", args=[2022]), {}).status_code == 302
    assert not FrozenAnswer.objects.exists()  # no confirmation, no freeze
    response = client.post(reverse("reports:answer-freeze", args=[2022]), {"confirm": "yes"})
    frozen = FrozenAnswer.objects.get()
    assert response.url == reverse("reports:frozen-answer-compare", args=[frozen.pk])
    listing = client.get(reverse("reports:frozen-answers", args=[2022])).content.decode()
    assert "beheerder-bevriezen" in listing and frozen.content_hash[:8] in listing


def refused(operation) -> None:
    with pytest.raises(DatabaseError, match="frozen answer cannot be changed or deleted"), transaction.atomic():
        operation()


# With two database roles the owner connects before the test's transaction, so the test is transactional (PostgreSQL
# empties it with TRUNCATE, which the triggers do not see; SQLite's DELETE they would refuse).
@pytest.mark.django_db(transaction=bool(OWNER))
def test_the_database_refuses_update_and_delete(database_owner, reference_data, frozen):
    """The triggers hold even for the owner of the table (the app role may not even try: tests/config)."""
    refused(lambda: FrozenAnswer.objects.filter(pk=frozen.pk).update(year=2021))
    refused(lambda: FrozenAnswer.objects.filter(pk=frozen.pk).delete())
    frozen.figures = []
    refused(frozen.save)
    assert FrozenAnswer.objects.get(pk=frozen.pk).year == 2022


@pytest.mark.django_db(transaction=bool(OWNER))
def test_on_postgresql_update_and_delete_fail_in_sql(database_owner, reference_data, frozen):
    require_postgresql()
    from django.db import connection

    for statement in ("UPDATE reports_frozenanswer SET pdf = ''::bytea WHERE id = %s",
                      "DELETE FROM reports_frozenanswer WHERE id = %s"):
        with pytest.raises(DatabaseError, match="frozen answer cannot be changed or deleted"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(statement, [frozen.pk])
    assert bytes(FrozenAnswer.objects.get(pk=frozen.pk).pdf) == bytes(frozen.pdf)

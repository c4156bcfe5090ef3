"""Frozen answers: stored once, downloaded byte-identical forever and only while their SHA-256 still matches,
compared figure by figure with today, never changed or deleted (database triggers), and only for years of the
programme."""

import base64
import contextlib
import datetime
import hashlib
import importlib
import json
import logging

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from reports.models import FrozenAnswer
from reports.services import frozen_answer_create
from reports.years import is_programme_year
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
                            + bytes(frozen.docx) + bytes(frozen.pdf) + bytes(frozen.annexes)).hexdigest()
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


@contextlib.contextmanager
def immutability_triggers_lifted():
    """What it takes to change a frozen answer: the rights to lift the database's triggers (migration 0002), as an
    attacker or a careless restore script has them. Lifted only for the statements inside, and put back after."""
    migration = importlib.import_module("reports.migrations.0002_frozen_answer")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE waits for no deferred foreign key check
            cursor.execute("ALTER TABLE reports_frozenanswer DISABLE TRIGGER reports_frozenanswer_immutable")
        else:
            for statement in migration.DROP_SQL[connection.vendor]:
                cursor.execute(statement)
        try:
            yield cursor
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("ALTER TABLE reports_frozenanswer ENABLE TRIGGER reports_frozenanswer_immutable")
            else:
                for statement in migration.IMMUTABLE_SQL[connection.vendor]:
                    cursor.execute(statement)


def download(client, frozen, extension):
    return client.get(reverse("reports:frozen-answer-download", args=[frozen.pk, extension]))


@pytest.mark.django_db(transaction=bool(OWNER))
@pytest.mark.usefixtures("database_owner", "reference_data")
class TestTamperedAnswers:
    """Lifting the triggers takes the owner of the tables (docs/deploy.md, "Database roles"): these tests connect as
    the owner, as an attacker with those rights would."""

    def test_changed_pdf_bytes_are_refused_for_both_downloads_and_logged(self, client,
                                                                          frozen, beheerder, caplog):
        client.force_login(beheerder)
        assert download(client, frozen, "pdf").status_code == 200
        forged = bytes(frozen.pdf).replace(b"100", b"900")
        assert forged != bytes(frozen.pdf)
        with immutability_triggers_lifted() as cursor:
            cursor.execute("UPDATE reports_frozenanswer SET pdf = %s WHERE id = %s", [forged, frozen.pk])
        assert bytes(FrozenAnswer.objects.get(pk=frozen.pk).pdf) == forged
        with caplog.at_level(logging.ERROR, logger="reports.document_views"):
            for extension in ("pdf", "docx"):
                response = download(client, frozen, extension)
                assert response.status_code == 409, extension
                assert "Content-Disposition" not in response
                content = response.content.decode()
                assert "Bevroren antwoord geweigerd" in content and frozen.content_hash in content
        compare = client.get(reverse("reports:frozen-answer-compare", args=[frozen.pk])).content.decode()
        assert 'id="frozen-answer-tampered"' in compare and "in de databank gewijzigd" in compare
        refusals = [record for record in caplog.records if "does not match its SHA-256" in record.getMessage()]
        assert len(refusals) == 2 and refusals[0].levelno == logging.ERROR
        assert refusals[0].frozen_answer == frozen.pk and refusals[0].status_code == 409

    def test_changed_figures_are_refused(self, client, frozen, beheerder):
        client.force_login(beheerder)
        figures = [dict(figure, value=999) if figure["key"] == "participants" else figure
                   for figure in frozen.figures]
        with immutability_triggers_lifted():
            FrozenAnswer.objects.filter(pk=frozen.pk).update(figures=figures)
        assert download(client, frozen, "docx").status_code == 409

    def test_the_triggers_are_back_after_the_tampering(self, frozen):
        with immutability_triggers_lifted():
            pass
        refused(lambda: FrozenAnswer.objects.filter(pk=frozen.pk).update(year=2021))

    def test_an_intact_download_carries_the_digest_of_its_file(self, client, frozen, beheerder):
        client.force_login(beheerder)
        response = download(client, frozen, "pdf")
        digest = base64.b64encode(hashlib.sha256(bytes(frozen.pdf)).digest()).decode()
        assert response["Content-Digest"] == f"sha-256=:{digest}:"

    def test_the_pages_show_the_whole_hash(self, client, frozen, beheerder):
        client.force_login(beheerder)
        compare = client.get(reverse("reports:frozen-answer-compare", args=[frozen.pk])).content.decode()
        assert frozen.content_hash in compare and "gecontroleerd bij elke download" in compare
        assert "frozen-answer-tampered" not in compare
        listing = client.get(reverse("reports:frozen-answers", args=[2022])).content.decode()
        assert frozen.content_hash in listing


class TestYearsOfTheProgramme:
    @pytest.mark.parametrize("path", ["/rapporten/antwoord/0/", "/rapporten/antwoord/99999/",
                                      "/rapporten/antwoord/1999/", "/rapporten/antwoord/2018/",
                                      "/rapporten/antwoord/2101/", "/rapporten/antwoord/2101/antwoord.pdf",
                                      "/rapporten/antwoord/1999/kaart-2.svg", "/rapporten/antwoord/0/afdruk.css",
                                      "/rapporten/antwoord/2101/bevroren/", "/rapporten/antwoord/1999/bevriezen/",
                                      "/rapporten/antwoord/99999999999999999999/",
                                      "/rapporten/bevroren/0/", "/rapporten/bevroren/99999/",
                                      "/rapporten/bevroren/99999/antwoord.pdf"])
    def test_outside_the_programme_is_not_found(self, client, beheerder, path):
        client.force_login(beheerder)
        assert client.get(path).status_code == 404

    @pytest.mark.parametrize("year", [1999, 2018, 2101])
    def test_cannot_be_frozen(self, client, beheerder, year):
        client.force_login(beheerder)
        assert client.post(f"/rapporten/antwoord/{year}/bevriezen/", {"confirm": "yes"}).status_code == 404
        with pytest.raises(ValidationError, match="geen jaar van het programma"):
            frozen_answer_create(year=year, acting_user=beheerder)
        assert not FrozenAnswer.objects.exists()

    def test_from_the_start_setting_to_next_year_without_a_query(self, settings, django_assert_num_queries):
        next_year = timezone.localdate().year + 1
        with django_assert_num_queries(0):
            assert is_programme_year(2019) and is_programme_year(next_year)
            assert not is_programme_year(2018) and not is_programme_year(0)
        settings.PROGRAMME_START_YEAR = 2021
        assert not is_programme_year(2020) and is_programme_year(2021)

    def test_a_call_opened_further_ahead_extends_the_programme(self, client, beheerder):
        year = timezone.localdate().year + 3
        assert not is_programme_year(year)
        call_of(year)
        assert is_programme_year(year) and is_programme_year(year - 1) and not is_programme_year(year + 1)
        client.force_login(beheerder)
        assert client.get(reverse("reports:frozen-answers", args=[year])).status_code == 200

    def test_the_first_and_next_year_answer(self, client, beheerder):
        client.force_login(beheerder)
        assert client.get("/rapporten/antwoord/2019/").status_code == 200
        assert client.get(f"/rapporten/antwoord/{datetime.date.today().year + 1}/").status_code == 200

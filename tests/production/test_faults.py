"""Faults in the middle of a write, against real gunicorn servers on PostgreSQL: a database connection killed with
pg_terminate_backend while an import or a final-report submission is half-way through its writes, and a gunicorn
worker killed mid-request. The user gets a clear error, nothing is half-written, a retry succeeds, and nothing that
was confirmed before is lost.

To stop a request exactly in the middle of its transaction, a second connection holds a lock on the table (or row)
the request writes last; the test waits until the request's backend waits for that lock, then strikes."""

import os
import re
import signal
import subprocess
import sys
import time

import pytest

from academies.models import Academy, OrganisationType
from exchange.models import ImportJob, ImportJobStatus
from grants.models import ApplicationStatus, FinalReport, FinalReportLine, FinalReportStatus
from tests.conftest import require_postgresql
from tests.factories import AcademyFactory, ApplicationFactory, AwardFactory, UserFactory
from tests.grants.portal_setup import AALTER, GENT, PASSWORD, contact_of, open_call
from tests.production.conftest import (
    BASE_DIR,
    Browser,
    InBackground,
    blocked_backend,
    held_lock,
    hidden_inputs,
    second_connection,
    terminate_backend,
    wait_until_healthy,
)

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

NOTHING_SAVED = "er is niets van bewaard"  # templates/503.html, in Dutch (the default language)


@pytest.fixture
def servers(request, transactional_db, reference_data):
    require_postgresql()  # pg_terminate_backend, row locks: before any server starts
    return request.getfixturevalue("two_app_servers")


def award_with_contact(username: str):
    user, academy = contact_of(username=username)
    application = ApplicationFactory(call=open_call(), academy=academy, status=ApplicationStatus.AWARDED)
    return AwardFactory(application=application, funded=[GENT, AALTER])


def report_url(award) -> str:
    return f"/portaal/toekenningen/{award.pk}/eindrapport/"


def report_submission() -> dict:
    lines = [
        {"municipality": GENT, "half_days": "4", "participants": "30", "boys": "18", "girls": "12"},
        {"municipality": AALTER, "half_days": "2", "participants": "", "boys": "", "girls": ""},
    ]
    data = {"narrative": "Een goed jaar.", "lines-TOTAL_FORMS": str(len(lines)), "lines-INITIAL_FORMS": "0",
            "lines-MIN_NUM_FORMS": "0", "lines-MAX_NUM_FORMS": "1000", "submit": "1"}
    for index, row in enumerate(lines):
        data.update({f"lines-{index}-{key}": value for key, value in row.items()})
    return data


def logged_in(server, username: str) -> Browser:
    browser = Browser()
    browser.log_in(server, username, PASSWORD)
    return browser


def mails(server) -> list:
    folder = server.root / "mail"
    return sorted(folder.iterdir()) if folder.exists() else []


def assert_submitted(award) -> None:
    report = FinalReport.objects.get(award=award)
    assert report.status == FinalReportStatus.SUBMITTED
    assert sorted(report.lines.values_list("municipality_id", "participants")) == [(GENT, 30), (AALTER, None)]


class TestDatabaseConnectionKilled:
    def test_during_a_final_report_submission(self, servers):
        first, _second = servers
        award = award_with_contact("contact-fault")
        browser = logged_in(first, "contact-fault")
        url = first.url(report_url(award))
        assert browser.get(url)[0] == 200
        mails_before = len(mails(first))

        # The report row is written first, its municipality lines last: hold the lines table.
        with held_lock("LOCK TABLE grants_finalreportline IN ACCESS EXCLUSIVE MODE") as locker:
            request = InBackground(browser.post, url, report_submission())
            request.start()
            terminate_backend(blocked_backend(locker))
            status, headers, page = request.outcome()

        assert status == 503, page[:1000]
        assert NOTHING_SAVED in page
        assert headers["Retry-After"]
        assert not FinalReport.objects.filter(award=award).exists(), "the report row was rolled back"
        assert not FinalReportLine.objects.filter(report__award=award).exists()
        assert len(mails(first)) == mails_before, "no confirmation e-mail for a submission that failed"

        status, headers, page = browser.post(url, report_submission())  # the same worker and connection pool
        assert status == 302, page[:1000]
        assert_submitted(award)
        assert len(mails(first)) == mails_before + 1

    def test_during_an_import(self, servers):
        first, _second = servers
        UserFactory(username="beheerder-fault", password=PASSWORD, is_staff=True, is_superuser=True)
        existing = AcademyFactory(code="bestaand", name="Oude naam", organisation_type=OrganisationType.LIBRARY)
        csv = (
            b"code,naam,type_organisatie,gemeente_zetel,email\r\n"
            b"nieuw-1,STEM-academie Nieuw,library,44021,nieuw@academie.example\r\n"
            b"bestaand,Nieuwe naam,library,44021,bestaand@academie.example\r\n"
        )
        browser = logged_in(first, "beheerder-fault")
        import_url = first.url("/admin/academies/academy/import/")
        form_page = browser.get(import_url)[2]
        csv_format = re.search(r'<option value="(\d+)"[^>]*>\s*csv\s*</option>', form_page, flags=re.IGNORECASE)
        status, _headers, preview = browser.post(
            import_url, {"resource": "0", "format": csv_format.group(1)}, files={"import_file": ("a.csv", csv)}
        )
        assert status == 200, preview[:1000]
        confirm = hidden_inputs(preview)
        confirm_url = first.url("/admin/academies/academy/process_import/")

        # New academies are inserted first, changed ones updated after: hold the row that will be updated, so the
        # connection dies after the insert and before the update.
        with held_lock("SELECT 1 FROM academies_academy WHERE code = %s FOR UPDATE", "bestaand") as locker:
            request = InBackground(browser.post, confirm_url, confirm)
            request.start()
            terminate_backend(blocked_backend(locker))
            status, _headers, page = request.outcome()

        assert status == 503, page[:1000]
        assert NOTHING_SAVED in page
        assert not Academy.objects.filter(code="nieuw-1").exists(), "the inserted academy was rolled back"
        existing.refresh_from_db()
        assert existing.name == "Oude naam"

        status, _headers, page = browser.post(confirm_url, confirm)  # confirm once more
        assert status == 302, page[:1000]
        assert Academy.objects.get(code="nieuw-1").name == "STEM-academie Nieuw"
        existing.refresh_from_db()
        assert existing.name == "Nieuwe naam"


class TestBackgroundImport:
    def test_database_connection_killed_during_a_background_import(self, servers):
        """A file too large for the request goes to the task worker (manage.py db_worker). Its connection dies in
        the middle of the writes: the job ends as failed with a message, nothing is half-written, and the same
        file uploaded again is imported."""
        first, _second = servers
        UserFactory(username="beheerder-job", password=PASSWORD, is_staff=True, is_superuser=True)
        AcademyFactory(code="bestaand-job", name="Oude naam", organisation_type=OrganisationType.LIBRARY)
        rows = [f"nieuw-job-{index},Academie {index},library,44021,a{index}@academie.example" for index in range(4)]
        csv = ("code,naam,type_organisatie,gemeente_zetel,email\r\n" + "\r\n".join(
            [*rows, "bestaand-job,Nieuwe naam,library,44021,b@academie.example"]) + "\r\n").encode()
        browser = logged_in(first, "beheerder-job")
        import_url = first.url("/admin/academies/academy/import/")

        def upload():
            form_page = browser.get(import_url)[2]
            csv_format = re.search(r'<option value="(\d+)"[^>]*>\s*csv\s*</option>', form_page, flags=re.IGNORECASE)
            status, headers, page = browser.post(
                import_url, {"resource": "0", "format": csv_format.group(1)}, files={"import_file": ("a.csv", csv)})
            assert status == 302, page[:1000]
            return int(re.search(r"/(\d+)/$", headers["Location"]).group(1)), headers["Location"]

        def run_worker() -> subprocess.CompletedProcess:
            return subprocess.run([sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
                                  cwd=BASE_DIR, env=first.env, capture_output=True, text=True, timeout=120)

        job_id, progress_url = upload()
        with held_lock("SELECT 1 FROM academies_academy WHERE code = %s FOR UPDATE", "bestaand-job") as locker:
            worker = InBackground(run_worker)
            worker.start()
            terminate_backend(blocked_backend(locker))
            worker.outcome(timeout=120)

        job = ImportJob.objects.get(pk=job_id)
        assert job.status == ImportJobStatus.FAILED, (job.status, worker.result.stderr[-2000:])
        assert job.errors, "the job says why it failed"
        assert not Academy.objects.filter(code__startswith="nieuw-job-").exists()
        assert Academy.objects.get(code="bestaand-job").name == "Oude naam"
        status, headers, page = browser.get(first.url(progress_url))
        assert status == 302 and "resultaat" in headers["Location"]

        retry_id, _url = upload()
        assert run_worker().returncode == 0
        assert ImportJob.objects.get(pk=retry_id).status == ImportJobStatus.DONE
        assert Academy.objects.filter(code__startswith="nieuw-job-").count() == 4
        assert Academy.objects.get(code="bestaand-job").name == "Nieuwe naam"


class TestWorkerKilled:
    def test_mid_request_loses_nothing_confirmed(self, servers):
        first, _second = servers
        confirmed_award = award_with_contact("contact-confirmed")
        pending_award = award_with_contact("contact-pending")
        confirmed = logged_in(first, "contact-confirmed")
        pending = logged_in(first, "contact-pending")
        status, _headers, page = confirmed.post(first.url(report_url(confirmed_award)), report_submission())
        assert status == 302, page[:1000]

        with held_lock("LOCK TABLE grants_finalreportline IN ACCESS EXCLUSIVE MODE") as locker:
            request = InBackground(pending.post, first.url(report_url(pending_award)), report_submission())
            request.start()
            orphan = blocked_backend(locker)
            for pid in first.worker_pids():
                os.kill(pid, signal.SIGKILL)
            outcome = request.outcome()
        assert isinstance(outcome, Exception), f"the killed worker still answered: {outcome!r}"[:500]

        # The orphaned backend resumes once the lock is gone, finds its client dead and rolls back.
        with second_connection() as monitor:
            deadline = time.monotonic() + 20
            while monitor.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", (orphan,)).fetchone():
                assert time.monotonic() < deadline, "the orphaned backend never ended"
                time.sleep(0.1)

        assert_submitted(confirmed_award)
        assert not FinalReport.objects.filter(award=pending_award).exists()
        assert not FinalReportLine.objects.filter(report__award=pending_award).exists()

        wait_until_healthy(first)  # the gunicorn master has started new workers
        status, _headers, page = pending.post(first.url(report_url(pending_award)), report_submission())
        assert status == 302, page[:1000]
        assert_submitted(pending_award)
        assert_submitted(confirmed_award)

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from exchange.models import ImportJob
from grants.groups import MANAGER_GROUP, READER_GROUP
from grants.models import FinalReportLine
from tests.exchange.helpers import csv_bytes
from tests.factories import AcademyFactory, StaffUserFactory

IMPORT_URL = "/admin/grants/finalreport/import/"
HEADER = ["oproep", "academie", "gemeente", "halve_dagen", "deelnemers", "meisjes"]


def staff(group: str):
    user = StaffUserFactory(username=group.replace(" ", "-").lower())
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def manager_client(client, db):
    client.force_login(staff(MANAGER_GROUP))
    return client


@pytest.fixture
def reader_client(client, db):
    client.force_login(staff(READER_GROUP))
    return client


def upload(data: bytes, name: str = "eindrapportages.csv") -> dict:
    return {"import_file": SimpleUploadedFile(name, data), "format": "0", "resource": "0"}


@pytest.mark.django_db
class TestPermissions:
    def test_reader_may_neither_import_nor_export_academies(self, reader_client):
        """The academies export carries contact e-mails: personal data, not for readers (grants.groups)."""
        assert reader_client.get("/admin/academies/academy/import/").status_code == 403
        assert reader_client.post("/admin/academies/academy/import/", upload(b"code\n")).status_code == 403
        assert reader_client.post("/admin/academies/academy/export/", {"format": "0", "resource": "0"}
                                  ).status_code == 403

    def test_export_neutralises_formulas(self, manager_client):
        AcademyFactory(code="een", name="+ Een")
        response = manager_client.post("/admin/academies/academy/export/", {"format": "0", "resource": "0"})
        assert response.status_code == 200
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
        assert rows[0] == ["code", "naam", "type_organisatie", "gemeente_zetel", "email"]
        assert rows[1][1] == "'+ Een"

    def test_manager_may_import(self, manager_client):
        assert manager_client.get("/admin/academies/academy/import/").status_code == 200

    def test_upload_size_limit(self, manager_client, settings):
        settings.EXCHANGE_MAX_UPLOAD_BYTES = 10
        response = manager_client.post(IMPORT_URL, upload(b"oproep;academie\n" * 3))
        assert response.status_code == 302
        assert not FinalReportLine.objects.exists()


@pytest.mark.django_db
class TestAdminImport:
    def test_preview_then_confirm(self, manager_client, awarded_academies):
        data = csv_bytes([HEADER, ["oproep-2022", "academie-a", "Gent", "4", "10", "4"]], encoding="cp1252")
        response = manager_client.post(IMPORT_URL, upload(data))
        assert response.status_code == 200
        assert not FinalReportLine.objects.exists()  # the preview is a dry run
        confirm = response.context["confirm_form"]
        response = manager_client.post("/admin/grants/finalreport/process_import/", confirm.initial)
        assert response.status_code == 302
        line = FinalReportLine.objects.get()
        assert (line.municipality_id, line.participants, line.girls) == ("44021", 10, 4)
        assert line.history.get().history_user.username == "vlaio-beheerder"

    def test_xlsx_preview_then_confirm(self, manager_client, awarded_academies):
        from tests.exchange.helpers import xlsx_bytes

        data = xlsx_bytes([HEADER, ["oproep-2022", "academie-b", 9300, 2, 12, 5]])
        response = manager_client.post(IMPORT_URL, {**upload(data, "eindrapportages.xlsx"), "format": "1"})
        assert [row.import_type for row in response.context["result"].rows] == ["new"]
        manager_client.post("/admin/grants/finalreport/process_import/", response.context["confirm_form"].initial)
        assert FinalReportLine.objects.get().municipality_id == "41002"

    def test_errors_are_shown_in_dutch_with_row_and_column(self, manager_client, awarded_academies):
        data = csv_bytes([HEADER, ["oproep-2022", "academie-a", "Gent", "4", "10", "abc"]])
        response = manager_client.post(IMPORT_URL, upload(data))
        result = response.context["result"]
        assert result.has_validation_errors()
        invalid = result.invalid_rows[0]
        assert invalid.number == 2
        assert invalid.error_dict == {"meisjes": ["'abc' is geen geheel getal"]}
        assert "confirm_form" not in response.context
        assert "geen geheel getal" in response.content.decode()

    def test_unreadable_file_is_a_form_error(self, manager_client, awarded_academies):
        response = manager_client.post(IMPORT_URL, upload(b"\xd0\xcf\x11\xe0 old excel", "oud.xls"))
        assert response.status_code == 200
        assert "xls" in str(response.context["form"].errors)


@pytest.mark.django_db
class TestBackgroundImport:
    @pytest.fixture
    def immediate_tasks(self, settings):
        settings.EXCHANGE_BACKGROUND_ROWS = 3
        settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
                                      "ENQUEUE_ON_COMMIT": False}}

    def test_large_file_runs_in_the_background_with_progress_and_result_pages(
            self, manager_client, awarded_academies, immediate_tasks):
        rows = [HEADER] + [["oproep-2022", "academie-a", nis, "1", "5", "2"]
                           for nis in ("44021", "11002", "24062", "71022", "31005")]
        response = manager_client.post(IMPORT_URL, upload(csv_bytes(rows)))
        job = ImportJob.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"/admin/import/{job.pk}/"
        assert job.status == "done" and job.summary["created"] == 6
        assert FinalReportLine.objects.count() == 5
        response = manager_client.get(f"/admin/import/{job.pk}/")
        assert response["Location"] == f"/admin/import/{job.pk}/resultaat/"
        page = manager_client.get(f"/admin/import/{job.pk}/resultaat/").content.decode()
        assert "6 nieuw" in page
        assert "1 eindrapportage (1 nieuw, 0 gewijzigd, 0 ongewijzigd), 5 regels (5 nieuw" in page

    def test_progress_page_refreshes_without_script(self, manager_client):
        job = ImportJob.objects.create(kind="finalreports", file_name="groot.csv", content=b"", total_rows=100000,
                                       processed_rows=25000, status="running")
        page = manager_client.get(f"/admin/import/{job.pk}/").content.decode()
        assert '<meta http-equiv="refresh"' in page
        assert 'value="25"' in page
        assert "<script>" not in page

    def test_failed_background_import_lists_errors_and_writes_nothing(
            self, manager_client, awarded_academies, immediate_tasks):
        rows = [HEADER] + [["oproep-2022", "academie-a", nis, "1", "5", "x"] for nis in ("44021", "11002", "24062",
                                                                                          "71022")]
        manager_client.post(IMPORT_URL, upload(csv_bytes(rows)))
        job = ImportJob.objects.get()
        assert job.status == "failed" and len(job.errors) == 4
        assert not FinalReportLine.objects.exists()
        page = manager_client.get(f"/admin/import/{job.pk}/resultaat/").content.decode()
        assert "4 fouten" in page and "geen geheel getal" in page

    def test_database_queue_and_worker(self, manager_client, awarded_academies, settings,
                                       django_capture_on_commit_callbacks):
        settings.EXCHANGE_BACKGROUND_ROWS = 3
        rows = [HEADER] + [["oproep-2022", "academie-b", nis, "1", "5", "2"] for nis in ("44021", "11002", "24062",
                                                                                          "71022")]
        with django_capture_on_commit_callbacks(execute=True):
            manager_client.post(IMPORT_URL, upload(csv_bytes(rows)))
        job = ImportJob.objects.get()
        assert job.status == "queued"
        # What `manage.py db_worker` does with each queued row (its exclusive transaction cannot nest in a test's).
        worker = Worker(queue_names=["default"], interval=1, batch=True, backend_name="default",
                        startup_delay=False, max_tasks=None, worker_id="test", excluded_queue_names=[])
        worker.run_task(DBTaskResult.objects.get())
        job.refresh_from_db()
        assert job.status == "done" and job.processed_rows == 4
        assert FinalReportLine.objects.count() == 4

    def test_reader_cannot_see_a_job(self, reader_client):
        job = ImportJob.objects.create(kind="finalreports", file_name="x.csv", content=b"")
        assert reader_client.get(f"/admin/import/{job.pk}/").status_code == 403


@pytest.mark.django_db
def test_streamed_export_for_readers(reader_client, awarded_academies):
    response = reader_client.get("/admin/import/export/awards.csv?year=2022")
    assert response.status_code == 200 and response.streaming
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert [row[1] for row in rows[1:]] == ["academie-a", "academie-b", "academie-c"]
    assert reader_client.get("/admin/import/export/onbekend.csv").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["academies/academy", "academies/event", "grants/call", "grants/award",
                                  "grants/finalreport"])
@pytest.mark.parametrize("file_format", ["0", "1"])
def test_every_admin_exports_the_import_format(reader_client, manager_client, awarded_academies, path,
                                               file_format):
    from academies.models import Event
    from tests.factories import FinalReportFactory, FinalReportLineFactory

    FinalReportLineFactory(report=FinalReportFactory(award=awarded_academies[0]), participants=3)
    Event.objects.create(uit_id="e1", name="Robotkamp")
    client = manager_client if path == "academies/academy" else reader_client  # contact e-mails: managers only
    response = client.post(f"/admin/{path}/export/", {"format": file_format, "resource": "0"})
    assert response.status_code == 200
    assert len(response.content) > 50

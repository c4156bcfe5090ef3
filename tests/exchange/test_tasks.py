"""The background import reads the job's file from its row a slice at a time (issue 22: the worker's memory grew
with the file)."""

import pytest

from exchange import tasks
from exchange.models import ImportJob, ImportJobStatus
from grants.models import FinalReportLine
from tests.exchange.helpers import csv_bytes

HEADER = ["oproep", "academie", "gemeente", "halve_dagen", "deelnemers"]


@pytest.mark.django_db
def test_job_file_is_the_upload_byte_for_byte_in_slices(monkeypatch):
    content = bytes(range(256)) * 41 + b"\x00\xff"
    monkeypatch.setattr(tasks, "CONTENT_CHUNK", 1000)
    job = ImportJob.objects.create(kind="finalreports", file_name="x.csv", content=content)
    with tasks.job_file(job.pk) as source:
        assert source.read() == content


@pytest.mark.django_db
def test_a_background_job_imports_from_the_slices(monkeypatch, awarded_academies):
    monkeypatch.setattr(tasks, "CONTENT_CHUNK", 64)
    rows = [["oproep-2022", "academie-a", nis_code, 1, 10] for nis_code in ("44021", "11030", "11002", "46021")]
    job = ImportJob.objects.create(kind="finalreports", file_name="x.csv", content=csv_bytes([HEADER, *rows]),
                                   total_rows=4)
    result = tasks.run_import_job.call(job.pk)
    job.refresh_from_db()
    assert (job.status, job.content, result["total_rows"]) == (ImportJobStatus.DONE, b"", 4)
    assert FinalReportLine.objects.count() == 4

"""Background imports (django-tasks, database backend: run `manage.py db_worker`)."""

import tempfile
from typing import BinaryIO

from django.db import connection, transaction
from django.utils import timezone
from django_tasks import task

from exchange.errors import ImportFailed, RowError
from exchange.importing import get_kind
from exchange.models import ImportJob, ImportJobStatus
from exchange.services import open_upload

CONTENT_CHUNK = 4 << 20


def job_file(job_id: int) -> BinaryIO:
    """The job's file, copied from its row a slice at a time into a temporary file on disk: the worker never holds
    the whole upload (nor its hex text on the wire) in memory, so its memory does not grow with the file."""
    table = connection.ops.quote_name(ImportJob._meta.db_table)
    spool = tempfile.TemporaryFile()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT length(content) FROM {table} WHERE id = %s", [job_id])
        size = cursor.fetchone()[0] or 0
        for start in range(1, size + 1, CONTENT_CHUNK):
            cursor.execute(f"SELECT substr(content, %s, %s) FROM {table} WHERE id = %s",
                           [start, CONTENT_CHUNK, job_id])
            spool.write(bytes(cursor.fetchone()[0]))
    spool.seek(0)
    return spool


def _progress(job_id: int):
    def report(done: int, total: int) -> None:
        if total:
            ImportJob.objects.filter(pk=job_id).update(processed_rows=done, total_rows=total)
        else:  # a streamed table: the total was counted when the job was made
            ImportJob.objects.filter(pk=job_id).update(processed_rows=done)

    return report


@task()
def run_import_job(job_id: int) -> dict:
    """Check every row (progress is saved every 1,000 rows), then write everything in one transaction. Rows are
    checked outside that transaction so the progress stays visible to the progress page on every database. The
    file is read from a temporary copy (`job_file`) and dropped from the job once it is finished."""
    job = ImportJob.objects.select_related("user").defer("content").get(pk=job_id)
    ImportJob.objects.filter(pk=job_id).update(status=ImportJobStatus.RUNNING)
    try:
        with job_file(job_id) as source:
            kind = get_kind(job.kind)
            summary, plan = kind.check(open_upload(source), progress=_progress(job_id), keep_rows=False)
        try:
            with transaction.atomic():
                kind.write(plan, job.user)
        finally:
            kind.discard(plan)
    except ImportFailed as failure:
        errors = [error.as_dict() for error in failure.row_errors]
        ImportJob.objects.filter(pk=job_id).update(status=ImportJobStatus.FAILED, errors=errors, content=b"",
                                                   finished_at=timezone.now())
        return {"status": ImportJobStatus.FAILED, "errors": len(errors)}
    except Exception as error:
        # The database refused the writes (e.g. a concurrent change): nothing was written; keep the job readable.
        errors = [RowError(None, None, f"{type(error).__name__}: {error}").as_dict()]
        ImportJob.objects.filter(pk=job_id).update(status=ImportJobStatus.FAILED, errors=errors,
                                                   finished_at=timezone.now())
        raise
    result = summary.as_dict()
    ImportJob.objects.filter(pk=job_id).update(status=ImportJobStatus.DONE, summary=result, content=b"",
                                               total_rows=summary.total_rows, processed_rows=summary.total_rows,
                                               finished_at=timezone.now())
    return result

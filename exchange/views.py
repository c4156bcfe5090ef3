"""Progress and result pages of background imports. The progress page refreshes itself with
<meta http-equiv="refresh"> (no script), and sends the browser on to the result page once the job is finished."""

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from exchange.errors import ImportFailed
from exchange.exporting import csv_chunks
from exchange.importing import get_kind
from exchange.models import ImportJob

REFRESH_SECONDS = 2


def _job_for(request, pk: int) -> ImportJob:
    job = get_object_or_404(ImportJob.objects.select_related("user"), pk=pk)
    if not request.user.has_perm(get_kind(job.kind).import_permission):
        raise PermissionDenied
    return job


@staff_member_required
def job_progress(request, pk: int):
    job = _job_for(request, pk)
    if job.is_finished:
        return redirect("exchange:job-result", pk=job.pk)
    return TemplateResponse(request, "exchange/importjob_progress.html", {
        "job": job, "kind": get_kind(job.kind), "refresh_seconds": REFRESH_SECONDS, "title": job.file_name})


@staff_member_required
def job_result(request, pk: int):
    job = _job_for(request, pk)
    if not job.is_finished:
        return redirect("exchange:job-progress", pk=job.pk)
    return TemplateResponse(request, "exchange/importjob_result.html", {
        "job": job, "kind": get_kind(job.kind), "title": job.file_name})


@staff_member_required
def export_stream(request, kind: str):
    """CSV export streamed row by row (constant memory): `?year=2022` limits calls, awards, final reports and
    events to one year. Needs the kind's export permission (readers have it)."""
    try:
        exchange_kind = get_kind(kind)
    except ImportFailed:
        raise Http404 from None
    if not request.user.has_perm(exchange_kind.export_permission):
        raise PermissionDenied
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and len(year) == 4 else None
    if year is not None and kind == "academies":
        year = None
    response = StreamingHttpResponse(csv_chunks(exchange_kind, year=year),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{kind}{"-" + str(year) if year else ""}.csv"'
    return response

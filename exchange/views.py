"""Progress and result pages of background imports. The progress page refreshes itself with
<meta http-equiv="refresh"> (no script), and sends the browser on to the result page once the job is finished."""

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from exchange.kinds import get_kind
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

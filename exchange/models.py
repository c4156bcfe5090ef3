from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJobStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class ImportJob(models.Model):
    """A background import started from the admin. The uploaded file lives in this row (not on one server's disk),
    so any worker can run it; `processed_rows`/`total_rows` drive the progress bar."""

    kind = models.CharField(_("kind"), max_length=20)
    file_name = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("file content"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name=_("started by"))
    status = models.CharField(_("status"), max_length=20, choices=ImportJobStatus.choices,
                              default=ImportJobStatus.QUEUED)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    summary = models.JSONField(_("result"), default=dict, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")

    def __str__(self) -> str:
        return f"{self.kind}: {self.file_name}"

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.status in (ImportJobStatus.DONE, ImportJobStatus.FAILED) else 0
        return min(100, round(100 * self.processed_rows / self.total_rows))

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportJobStatus.DONE, ImportJobStatus.FAILED)

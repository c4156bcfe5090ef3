from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from academies.belgian import format_datetime
from academies.models import Municipality


class MunicipalityBoundary(models.Model):
    """A municipality's outline, projected once at load time to the SVG coordinates of `reports.maps`.

    `path` is an SVG path (`d` attribute); the bounding box lets a map compute its view box without parsing paths.
    """

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, primary_key=True,
                                        related_name="boundary", verbose_name=_("municipality"))
    path = models.TextField(_("SVG path"))
    min_x = models.FloatField()
    min_y = models.FloatField()
    max_x = models.FloatField()
    max_y = models.FloatField()
    source = models.CharField(_("source file"), max_length=200, blank=True)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now=True)

    class Meta:
        ordering = ["municipality_id"]
        verbose_name = _("municipality boundary")
        verbose_name_plural = _("municipality boundaries")
        constraints = [
            models.CheckConstraint(condition=models.Q(max_x__gte=models.F("min_x"), max_y__gte=models.F("min_y")),
                                   name="boundary_bbox_ordered"),
        ]

    def __str__(self) -> str:
        return str(self.municipality_id)


class FrozenAnswer(models.Model):
    """The answer for a year as it was sent: every figure (JSON), the DOCX and PDF bytes, who froze it and when, and
    a SHA-256 of the three. The database refuses UPDATE and DELETE (triggers, migration 0002)."""

    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    frozen_at = models.DateTimeField(_("frozen at"))
    as_of = models.DateField(_("status on"))
    frozen_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("frozen by"))
    frozen_by_name = models.CharField(_("frozen by (name)"), max_length=150)
    figures = models.JSONField(_("figures"))
    docx = models.BinaryField(_("DOCX"))
    pdf = models.BinaryField(_("PDF"))
    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64)
    annexes = models.BinaryField(_("annexes (ZIP)"), null=True, blank=True)

    class Meta:
        ordering = ["-frozen_at", "-pk"]
        verbose_name = _("frozen answer")
        verbose_name_plural = _("frozen answers")
        constraints = [models.CheckConstraint(condition=models.Q(content_hash__regex=r"^[0-9a-f]{64}$"),
                                              name="frozenanswer_hash_is_sha256")]

    def __str__(self) -> str:
        return f"{self.year} ({format_datetime(self.frozen_at)})"


class DataYearVersion(models.Model):
    """How often the data behind one call year's figures has changed: database triggers (migration 0003) add one to
    `version` in the transaction of every write to the awards, final reports and lines, applications, calls, year
    budgets and UiT events of that year. Year 0 stands for the data every year depends on (municipalities and
    mergers, provinces, academies' organisation types, recognitions, map outlines)."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    version = models.PositiveBigIntegerField(_("version"), default=0)
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        ordering = ["year"]
        verbose_name = _("data version of a year")
        verbose_name_plural = _("data versions of the years")

    def __str__(self) -> str:
        return f"{self.year}: {self.version}"


class YearChange(models.Model):
    """One municipality whose figures a write to a final report or its lines can have changed, with the year and the
    version of that year the write made (`DataYearVersion`): written by the same database triggers (migration 0005),
    so every writer records it. A version of a year with no rows here changed something else: anything of that year
    may have changed. Rows older than a day are removed by `stored_figures_refresh`; a stored figure older than
    the rows kept is computed in full."""

    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveBigIntegerField(_("version"))
    municipality_id = models.CharField(_("municipality (NIS code)"), max_length=5)
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("change of a year")
        verbose_name_plural = _("changes of the years")
        indexes = [models.Index(fields=["year", "version"], name="yearchange_year_version")]

    def __str__(self) -> str:
        return f"{self.year}: {self.version} ({self.municipality_id})"


class StoredFigures(models.Model):
    """The result of one selector call (`selector` with the arguments in `key`), stored with the versions of the
    years it was computed from (`versions`, {year: version}); it is read back only while every one of those years
    still has that version, so a write to a year makes its stored figures be computed again, and a closed year's
    figures are read, not recomputed. `payload` is the pickled result, signed with the SECRET_KEY."""

    selector = models.CharField(_("selector"), max_length=60)
    key = models.CharField(_("arguments"), max_length=400)
    versions = models.JSONField(_("versions of the years"))
    payload = models.BinaryField(_("figures"))
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("stored figures")
        verbose_name_plural = _("stored figures")
        constraints = [models.UniqueConstraint(fields=["selector", "key"], name="storedfigures_one_per_call")]

    def __str__(self) -> str:
        return f"{self.selector}({self.key})"


class ResearchReport(models.Model):
    """The research report staff attach to a year's answer as its annex "onderzoeksrapport": a PDF, stored with who
    uploaded it and when. It can be replaced while no answer for the year is frozen (`reports.services`)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    filename = models.CharField(_("file name"), max_length=200)
    data = models.BinaryField(_("PDF"))
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("uploaded by"))
    uploaded_by_name = models.CharField(_("uploaded by (name)"), max_length=150)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("research report")
        verbose_name_plural = _("research reports")
        constraints = [models.CheckConstraint(condition=models.Q(size__gt=0), name="researchreport_not_empty")]

    def __str__(self) -> str:
        return f"{self.year}: {self.title}"

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

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

    class Meta:
        ordering = ["-frozen_at", "-pk"]
        verbose_name = _("frozen answer")
        verbose_name_plural = _("frozen answers")
        constraints = [models.CheckConstraint(condition=models.Q(content_hash__regex=r"^[0-9a-f]{64}$"),
                                              name="frozenanswer_hash_is_sha256")]

    def __str__(self) -> str:
        return f"{self.year} ({self.frozen_at:%d/%m/%Y %H:%M})"

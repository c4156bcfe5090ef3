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

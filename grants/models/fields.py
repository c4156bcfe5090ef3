"""Field and constraint helpers shared by the grants models: money, counts, non-negative and gender checks."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

ZERO = Decimal("0.00")


def money_field(verbose_name, **kwargs) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2,
                               validators=[MinValueValidator(ZERO)], **kwargs)


def count_field(verbose_name, **kwargs) -> models.PositiveIntegerField:
    """An optional count: NULL means 'not reported', never 0."""
    return models.PositiveIntegerField(verbose_name, null=True, blank=True, **kwargs)


def non_negative(name: str, *fields: str) -> models.CheckConstraint:
    condition = Q()
    for field in fields:
        condition &= Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0})
    return models.CheckConstraint(condition=condition, name=name)


def gender_within_participants(name: str, prefix: str = "") -> models.CheckConstraint:
    """boys + girls + other <= participants whenever participants is given (missing parts count as 0)."""
    split = (Coalesce(F(f"{prefix}boys"), 0) + Coalesce(F(f"{prefix}girls"), 0)
             + Coalesce(F(f"{prefix}other"), 0))
    return models.CheckConstraint(
        condition=Q(**{f"{prefix}participants__isnull": True}) | Q(**{f"{prefix}participants__gte": split}),
        name=name,
    )


def check_gender_split(instance, prefix: str = "") -> None:
    """The Dutch cross-field message behind `gender_within_participants`."""
    participants = getattr(instance, f"{prefix}participants")
    parts = [getattr(instance, f"{prefix}{part}") for part in ("boys", "girls", "other")]
    if participants is None or all(part is None for part in parts):
        return
    split = sum(part or 0 for part in parts)
    if split > participants:
        message = _("Boys + girls + other/unspecified (%(split)s) is more than the number of participants "
                    "(%(participants)s).") % {"split": split, "participants": participants}
        raise ValidationError({f"{prefix}participants": message})

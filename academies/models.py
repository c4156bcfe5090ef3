import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from academies.belgian import format_date, format_datetime
from academies.text import validate_single_line_text

nis_code_validator = RegexValidator(r"^\d{5}$", _("A NIS code has exactly 5 digits."))
postcode_validator = RegexValidator(r"^\d{4}$", _("A Belgian postcode has exactly 4 digits."))


def validate_kbo_number(value: str) -> None:
    """A KBO/BCE enterprise number: 10 digits, starting with 0 or 1, the last two = 97 - (first eight mod 97)."""
    if not re.fullmatch(r"[01]\d{9}", value or "") or 97 - int(value[:8]) % 97 != int(value[8:]):
        raise ValidationError(_("%(value)s is not a valid KBO number (10 digits with a valid check number)."),
                              code="invalid_kbo", params={"value": value})


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


# "Valid in year Y" and "stands for it in year Y", for municipalities, recognitions and what hangs off them: one
# definition of each, as a database filter and as a Python test. A period (valid_from, valid_to; either may be empty
# = open) is valid from `first` to `last` when it overlaps them: mergers take effect on 1 January.

def valid_between(first: datetime.date, last: datetime.date, *, via: str = "") -> Q:
    """The one period overlap: a filter for rows whose period (`<via>valid_from`, `<via>valid_to`; empty = open)
    overlaps `first` to `last`, both included."""
    return ((Q(**{f"{via}valid_from__isnull": True}) | Q(**{f"{via}valid_from__lte": last}))
            & (Q(**{f"{via}valid_to__isnull": True}) | Q(**{f"{via}valid_to__gte": first})))


def valid_in_year(year: int, *, via: str = "") -> Q:
    """Filter for rows whose period (`<via>valid_from`, `<via>valid_to`) overlaps `year`."""
    return valid_between(*year_bounds(year), via=via)


def is_valid_in_year(valid_from: datetime.date | None, valid_to: datetime.date | None, year: int) -> bool:
    """`valid_between` as a Python test, for rows already loaded."""
    first, last = year_bounds(year)
    return (valid_from is None or valid_from <= last) and (valid_to is None or valid_to >= first)


def successor_in_year(start, year: int, step):
    """Follow successors from `start` until one exists in `year`. `step(x)` gives (valid_to, successor of x or
    None); works on model instances and on NIS codes alike."""
    first, _last = year_bounds(year)
    current = start
    valid_to, successor = step(current)
    while valid_to is not None and valid_to < first and successor is not None:
        current = successor
        valid_to, successor = step(current)
    return current


class Province(models.Model):
    nis_code = models.CharField(_("NIS code"), max_length=5, primary_key=True, validators=[nis_code_validator])
    name_nl = models.CharField(_("name (Dutch)"), max_length=100, unique=True, validators=[validate_single_line_text])
    name_fr = models.CharField(_("name (French)"), max_length=100, validators=[validate_single_line_text])

    class Meta:
        ordering = ["name_nl"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name_nl

    def natural_key(self) -> tuple[str]:
        return (self.nis_code,)


class MunicipalityQuerySet(models.QuerySet):
    def for_year(self, year: int) -> "MunicipalityQuerySet":
        """Municipalities that existed at some point in `year` (mergers take effect on 1 January)."""
        return self.filter(valid_in_year(year))

    def current(self) -> "MunicipalityQuerySet":
        return self.filter(valid_to__isnull=True)

    def for_table(self) -> "MunicipalityQuerySet":
        return self.select_related("province", "successor")


class Municipality(models.Model):
    """A municipality (gemeente) as Statbel's REFNIS defines it; merged municipalities keep their row."""

    nis_code = models.CharField(_("NIS code"), max_length=5, primary_key=True, validators=[nis_code_validator])
    name_nl = models.CharField(_("name (Dutch)"), max_length=100, db_index=True, validators=[validate_single_line_text])
    name_fr = models.CharField(_("name (French)"), max_length=100, blank=True, validators=[validate_single_line_text])
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="municipalities",
                                 verbose_name=_("province"))
    valid_from = models.DateField(_("valid from"), null=True, blank=True,
                                  help_text=_("Empty when the municipality existed before the reference data starts."))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    successor = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="predecessors", verbose_name=_("successor"))

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name_nl", "nis_code"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True) | Q(valid_to__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="municipality_valid_period",
            ),
            models.CheckConstraint(
                condition=Q(successor__isnull=True) | Q(valid_to__isnull=False),
                name="municipality_successor_needs_end",
            ),
        ]

    def __str__(self) -> str:
        return self.name_nl

    def natural_key(self) -> tuple[str]:
        return (self.nis_code,)

    def is_valid_in(self, year: int) -> bool:
        return is_valid_in_year(self.valid_from, self.valid_to, year)

    def successor_in(self, year: int) -> "Municipality":
        """The municipality that stands for this one in `year`: itself while it exists, else its successor."""
        return successor_in_year(self, year, lambda municipality: (
            municipality.valid_to, municipality.successor if municipality.successor_id else None))


def successor_map(year: int) -> dict[str, str]:
    """NIS code -> NIS code of the municipality standing for it in `year`, for every known municipality.

    One query; used to compare several years on one year's municipalities (e.g. today's).
    """
    rows = {code: (valid_to, successor) for code, valid_to, successor in
            Municipality.objects.values_list("nis_code", "valid_to", "successor_id")}
    return {code: successor_in_year(code, year, rows.__getitem__) for code in rows}


class PostcodeQuerySet(models.QuerySet):
    def for_year(self, year: int) -> "PostcodeQuerySet":
        """Postcodes of the municipalities valid in `year`."""
        return self.filter(valid_in_year(year, via="municipality__"))


class Postcode(models.Model):
    """One postcode -> municipality pair. A postcode can lie in two municipalities (1804), and mergers give a
    postcode a new municipality from a given year on: look postcodes up with `for_year()`."""

    code = models.CharField(_("postcode"), max_length=4, db_index=True, validators=[postcode_validator])
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="postcodes",
                                     verbose_name=_("municipality"))

    objects = PostcodeQuerySet.as_manager()

    class Meta:
        ordering = ["code", "municipality_id"]
        verbose_name = _("postcode")
        verbose_name_plural = _("postcodes")
        constraints = [models.UniqueConstraint(fields=["code", "municipality"], name="postcode_unique_municipality")]

    def __str__(self) -> str:
        return f"{self.code} {self.municipality_id}"


class OrganisationType(models.TextChoices):
    MUNICIPAL_SERVICE = "municipal_service", _("municipal service")
    LIBRARY = "library", _("library / MaakBib")
    YOUTH_ORGANISATION = "youth_organisation", _("youth organisation")
    SCIENCE_CENTRE = "science_centre", _("science centre or museum")
    SCHOOL = "school", _("school")
    COMPANY = "company", _("company")
    OTHER = "other", _("other")


class AcademyQuerySet(models.QuerySet):
    def recognised_in(self, year: int) -> "AcademyQuerySet":
        """Academies holding a recognition valid at some point in `year`."""
        return self.filter(pk__in=Recognition.objects.valid_in(year).values("academy"))

    def recognised_on(self, day: datetime.date) -> "AcademyQuerySet":
        return self.filter(pk__in=Recognition.objects.valid_on(day).values("academy"))

    def for_user(self, user) -> "AcademyQuerySet":
        """The academies `user` may act for (none for anonymous users)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)

    def for_table(self) -> "AcademyQuerySet":
        return self.select_related("seat_municipality__province")


class Academy(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True,
                            help_text=_("Stable identifier used in imports and exports."))
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line_text])
    organisation_type = models.CharField(_("organisation type"), max_length=30, choices=OrganisationType.choices,
                                         db_index=True)
    seat_municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="seated_academies",
                                          verbose_name=_("seat municipality"))
    contact_email = models.EmailField(_("contact e-mail"))
    kbo_number = models.CharField(_("KBO number"), max_length=10, blank=True, validators=[validate_kbo_number],
                                  help_text=_("Enterprise number (ondernemingsnummer), 10 digits without dots."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="AcademyMembership", related_name="academies",
                                     blank=True, verbose_name=_("members"))

    objects = AcademyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("academy")
        verbose_name_plural = _("academies")
        permissions = [("import_academy", _("Can import academies")), ("export_academy", _("Can export academies"))]
        constraints = [
            models.CheckConstraint(condition=Q(kbo_number="") | Q(kbo_number__regex=r"^[01][0-9]{9}$"),
                                   name="academy_kbo_number_format"),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.code,)

    def is_recognised_on(self, day: datetime.date) -> bool:
        return self.recognitions.valid_on(day).exists()


def recognition_valid_between(first: datetime.date, last: datetime.date) -> Q:
    """A recognition valid at some point from `first` to `last` (both included): `valid_between` on
    `Recognition`, for filters and for filtered aggregates."""
    return valid_between(first, last)


class RecognitionQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date) -> "RecognitionQuerySet":
        return self.filter(recognition_valid_between(day, day))

    def valid_in(self, year: int) -> "RecognitionQuerySet":
        """Recognitions valid at some point in `year`."""
        return self.filter(recognition_valid_between(*year_bounds(year)))


class Recognition(models.Model):
    """The STEM-academie label (erkenning) for a period; recognised academies may apply to rollout calls."""

    academy = models.ForeignKey(Academy, on_delete=models.CASCADE, related_name="recognitions",
                                verbose_name=_("academy"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    reference = models.CharField(_("reference"), max_length=100, blank=True, validators=[validate_single_line_text])

    objects = RecognitionQuerySet.as_manager()

    class Meta:
        ordering = ["academy", "-valid_from"]
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")
        constraints = [
            models.CheckConstraint(condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                                   name="recognition_valid_period"),
        ]

    def __str__(self) -> str:
        return f"{self.academy} ({format_date(self.valid_from)} – {format_date(self.valid_to, '…')})"

    def clean(self) -> None:
        if self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end date cannot be before the start date.")})


class AcademyMembership(models.Model):
    """A user who may act for an academy in the portal."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="academy_memberships",
                             verbose_name=_("user"))
    academy = models.ForeignKey(Academy, on_delete=models.CASCADE, related_name="memberships",
                                verbose_name=_("academy"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("academy contact")
        verbose_name_plural = _("academy contacts")
        constraints = [models.UniqueConstraint(fields=["user", "academy"], name="membership_unique_user_academy")]

    def __str__(self) -> str:
        return f"{self.user} → {self.academy}"


class EventQuerySet(models.QuerySet):
    def for_year(self, year: int) -> "EventQuerySet":
        """Events starting in `year` (events without a start date, e.g. permanent ones, belong to no year)."""
        first, last = year_bounds(year)
        return self.filter(start_date__gte=first, start_date__lte=last)

    def with_stem_label(self) -> "EventQuerySet":
        return self.filter(has_stem_label=True)


class Event(models.Model):
    """An activity published in UiTdatabank (publiq). `has_stem_label` says whether it carries one of the labels
    in settings.UIT_STEM_LABELS ("STEM-academie" by default); the municipality comes from the location's postcode."""

    uit_id = models.CharField(_("UiTdatabank id"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=300, validators=[validate_single_line_text])
    start_date = models.DateField(_("start date"), null=True, blank=True, db_index=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="events", verbose_name=_("municipality"))
    organiser_id = models.CharField(_("organiser id"), max_length=100, blank=True)
    organiser_name = models.CharField(_("organiser"), max_length=300, blank=True,
                                      validators=[validate_single_line_text])
    academy = models.ForeignKey(Academy, on_delete=models.SET_NULL, null=True, blank=True, related_name="events",
                                verbose_name=_("academy"))
    age_min = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    labels = models.JSONField(_("labels"), default=list, blank=True)
    has_stem_label = models.BooleanField(_("has the STEM-academie label"), default=False, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = _("UiT event")
        verbose_name_plural = _("UiT events")
        permissions = [("import_event", _("Can import UiT events")), ("export_event", _("Can export UiT events"))]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(start_date__isnull=True)
                                   | Q(end_date__gte=models.F("start_date")), name="event_ends_after_start"),
            models.CheckConstraint(condition=Q(age_max__isnull=True) | Q(age_min__isnull=True)
                                   | Q(age_max__gte=models.F("age_min")), name="event_age_range"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """The Dutch messages behind `event_ends_after_start` and `event_age_range` (admin and import alike)."""
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        if self.age_min is not None and self.age_max is not None and self.age_max < self.age_min:
            errors["age_max"] = _("The maximum age cannot be below the minimum age.")
        if errors:
            raise ValidationError(errors)

class UitSnapshot(models.Model):
    """One fetch of a year's events from the UiTdatabank Search API: the queries, when, and what was counted (all
    events, those with the STEM-academie label, per municipality), so a figure can say where and when it was
    counted."""

    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    fetched_at = models.DateTimeField(_("fetched at"), default=timezone.now)
    fetched_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("fetched by"))
    source_url = models.CharField(_("source"), max_length=300)
    total_query = models.CharField(_("query for all events"), max_length=500)
    labelled_query = models.CharField(_("query for labelled events"), max_length=500)
    parameters = models.JSONField(_("other parameters"), default=dict, blank=True)
    total_events = models.PositiveIntegerField(_("events"))
    labelled_events = models.PositiveIntegerField(_("events with the STEM-academie label"))
    without_municipality = models.PositiveIntegerField(_("events without a municipality"), default=0)
    per_municipality = models.JSONField(
        _("per municipality"), default=dict, blank=True,
        help_text=_('{"NIS code": [events, events with the label]}'))

    class Meta:
        ordering = ["-fetched_at"]
        verbose_name = _("UiT snapshot")
        verbose_name_plural = _("UiT snapshots")
        constraints = [
            models.CheckConstraint(condition=Q(labelled_events__lte=models.F("total_events")),
                                   name="uit_snapshot_labelled_within_total"),
            models.CheckConstraint(condition=Q(without_municipality__lte=models.F("total_events")),
                                   name="uit_snapshot_unplaced_within_total"),
        ]

    def __str__(self) -> str:
        return f"UiT {self.year} ({format_datetime(self.fetched_at)})"

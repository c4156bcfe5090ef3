"""Hints for names of municipalities that no longer exist in a year because they merged."""

from django.utils.translation import gettext as _

from academies.models import Municipality


def merger_hint(name: str, *, year: int) -> str | None:
    """For a name that is no municipality in `year` because it merged: "Merelbeke has been part of Merelbeke-Melle
    since 2025." None when the name is unknown, still valid in `year`, or has no successor."""
    former = (Municipality.objects.filter(name_nl__iexact=name.strip(), valid_to__isnull=False,
                                          successor__isnull=False)
              .exclude(pk__in=Municipality.objects.for_year(year).values("pk"))
              .order_by("-valid_to").first())
    if former is None:
        return None
    successor = former.successor_in(year)
    if successor.pk == former.pk or not successor.is_valid_in(year):
        return None
    return _("%(former)s has been part of %(successor)s since %(year)s.") % {
        "former": former.name_nl, "successor": successor.name_nl, "year": former.valid_to.year + 1}

"""The one municipality resolver, for the importer and the portal forms alike: a NIS code, a postcode (also
"B-1800"), a postcode with a name ("9000 Gent" or "Gent (9000)", narrowing a postcode shared by two municipalities),
a unique Dutch name (accents, case and hyphens ignored) or a sub-municipality name ("Peutie" is Vilvoorde, from the
bpost locality table in academies.localities), for a year.

Two queries in all (municipalities, postcodes), whatever the number of rows. A 2022 row for postcode 2070 gives
Zwijndrecht 11056, a 2025 row gives the new Zwijndrecht 46030; postcode 1804 is Vilvoorde and Zemst, so it is an
error that names both."""

import datetime
import re
import unicodedata
from collections import defaultdict

from django.utils.translation import gettext as _

from academies.belgian import FieldError, text
from academies.localities import locality_rows, nis_code_in
from academies.models import Municipality, Postcode, is_valid_in_year

_POSTCODE_AND_NAME = re.compile(r"(\d{4})\s+(.+)")
_NAME_AND_POSTCODE = re.compile(r"(.+?)\s*\(\s*(?:B-?\s*)?(\d{4})\s*\)")
_COUNTRY_POSTCODE = re.compile(r"B-?\s*(\d{4}\b.*)", re.IGNORECASE)


class UnknownMunicipality(FieldError):
    """Nothing matches in the year. `hint` names the successor when the name is that of a merged municipality."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(f"{message}. {hint}" if hint else message)
        self.hint = hint


class AmbiguousMunicipality(FieldError):
    """Several municipalities match; `candidates` are their NIS codes."""

    def __init__(self, message: str, candidates: list[str]):
        super().__init__(message)
        self.candidates = candidates


def _name_key(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    return " ".join(folded.replace("-", " ").split())


class MunicipalityResolver:
    def __init__(self):
        rows = Municipality.objects.values_list("nis_code", "name_nl", "valid_from", "valid_to", "successor_id")
        self.municipalities = {code: (name, valid_from, valid_to) for code, name, valid_from, valid_to, _s in rows}
        self.successors = {code: successor for code, _n, _f, _t, successor in rows if successor}
        self.postcodes: dict[str, list[str]] = defaultdict(list)
        for code, nis_code in Postcode.objects.values_list("code", "municipality_id"):
            self.postcodes[code].append(nis_code)
        self.names: dict[str, list[str]] = defaultdict(list)
        for nis_code, (name, _from, _to) in self.municipalities.items():
            self.names[_name_key(name)].append(nis_code)
        self.localities: dict[str, list[tuple]] = defaultdict(list)
        for row in locality_rows():
            self.localities[_name_key(row[0])].append(row)
        self._cache: dict[tuple, str] = {}

    def exists_in(self, nis_code: str, year: int) -> bool:
        _name, valid_from, valid_to = self.municipalities[nis_code]
        return is_valid_in_year(valid_from, valid_to, year)

    def name(self, nis_code: str) -> str:
        return self.municipalities[nis_code][0]

    def merger_hint(self, raw: str, year: int) -> str | None:
        """For the name of a municipality that merged before `year`: "Merelbeke has been part of Merelbeke-Melle
        since 2025."; None otherwise."""
        for code in self.names.get(_name_key(raw), []):
            target, steps = self.successors.get(code), 0
            while target and not self.exists_in(target, year) and steps < 10:
                target, steps = self.successors.get(target), steps + 1
            valid_to = self.municipalities[code][2]
            if target and valid_to is not None and self.exists_in(target, year):
                return _("%(former)s has been part of %(successor)s since %(year)s.") % {
                    "former": self.name(code), "successor": self.name(target), "year": valid_to.year + 1}
        return None

    def describe(self, nis_codes: list[str]) -> str:
        return ", ".join(f"{self.municipalities[code][0]} ({code})" for code in sorted(
            nis_codes, key=lambda code: self.municipalities[code][0]))

    def resolve(self, value, year: int | None) -> str:
        """The NIS code for `value` in `year`. With `year` None a NIS code of any period is accepted and postcodes
        and names are resolved for the current year. Raises FieldError naming the candidates when ambiguous."""
        key = (value, year)
        if key not in self._cache:
            self._cache[key] = self._resolve(text(value), year)
        return self._cache[key]

    def _resolve(self, raw: str, year: int | None) -> str:
        lookup_year = year or datetime.date.today().year
        if raw.isascii() and raw.isdigit() and len(raw) == 5:
            if raw not in self.municipalities:
                raise UnknownMunicipality(_("'%(value)s' is not a known NIS code") % {"value": raw})
            if year is not None and not self.exists_in(raw, year):
                raise UnknownMunicipality(_("municipality %(municipality)s did not exist in %(year)s") % {
                    "municipality": self.describe([raw]), "year": year})
            return raw
        country = _COUNTRY_POSTCODE.fullmatch(raw)
        if country:
            raw = country.group(1)
        postcode_and_name = _POSTCODE_AND_NAME.fullmatch(raw)
        name_and_postcode = _NAME_AND_POSTCODE.fullmatch(raw)
        if postcode_and_name:
            postcode, name = postcode_and_name.groups()
        elif name_and_postcode:
            name, postcode = name_and_postcode.groups()
        else:
            postcode, name = raw, None
        if postcode.isascii() and postcode.isdigit() and len(postcode) == 4:
            candidates = [code for code in self.postcodes.get(postcode, []) if self.exists_in(code, lookup_year)]
            if len(candidates) > 1 and name is not None:
                named = [code for code in candidates if _name_key(self.name(code)) == _name_key(name)
                         or code in self._locality_codes(name, lookup_year, postcode)]
                candidates = named or candidates
            if not candidates:
                raise UnknownMunicipality(_("postcode %(value)s is not a Flemish postcode in %(year)s") % {
                    "value": postcode, "year": lookup_year})
            if len(candidates) > 1:
                raise AmbiguousMunicipality(
                    _("postcode %(value)s is ambiguous in %(year)s: %(candidates)s; give the NIS code") % {
                        "value": postcode, "year": lookup_year, "candidates": self.describe(candidates)}, candidates)
            return candidates[0]
        candidates = [code for code in self.names.get(_name_key(raw), []) if self.exists_in(code, lookup_year)]
        hint = None if candidates else self.merger_hint(raw, lookup_year)
        if not candidates and hint is None:
            # A sub-municipality name; never a municipality that merged before the year, which is refused with
            # the hint so that nobody's data silently moves to the merged municipality.
            candidates = self._locality_codes(raw, lookup_year)
        if not candidates:
            raise UnknownMunicipality(_("'%(value)s' is not a Flemish municipality in %(year)s (give a NIS code, "
                                        "postcode or Dutch name)") % {"value": raw, "year": lookup_year},
                                      hint=hint)
        if len(candidates) > 1:
            raise AmbiguousMunicipality(
                _("'%(value)s' is ambiguous in %(year)s: %(candidates)s; give the NIS code") % {
                    "value": raw, "year": lookup_year, "candidates": self.describe(candidates)}, candidates)
        return candidates[0]

    def _locality_codes(self, name: str, year: int, postcode: str | None = None) -> list[str]:
        """The municipalities (NIS codes valid in `year`) with a sub-municipality called `name`."""
        codes = {nis_code_in(row, year) for row in self.localities.get(_name_key(name), [])
                 if postcode is None or row[1] == postcode}
        return sorted(code for code in codes if code in self.municipalities and self.exists_in(code, year))

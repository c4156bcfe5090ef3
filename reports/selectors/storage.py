"""Stored figures: a selector's result is kept in `StoredFigures` with the versions of the years it was computed
from, and read back while those years' data is unchanged. The database triggers of migration 0003 add one to a
year's version in the transaction of every write to that year's data, so a stored result is never read after a
change: the next read computes it live (the same selector) and stores it again. A closed year's figures are read,
not recomputed.

The versions are read before the live computation: a write committed while it runs leaves the stored result with
the older versions, so it is computed again on the next read, never kept stale.

A figure with a `patch` is brought up to date instead when the versions in between were all made by writes to final
reports and their lines (`changed_municipalities`, from the `YearChange` rows of migration 0005): the patch counts
again, from the data as it is now, what those writes can have moved. The same holds for it: what it reads is at
least as new as the versions it is stored with, and a later write is patched on the next read."""

import ast
import functools
import hashlib
import hmac
import inspect
import json
import pickle
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.utils import timezone, translation

from reports.models import DataYearVersion, StoredFigures, YearChange

SHARED_YEAR = 0
EVERY_YEAR = None
_SIGNATURE_BYTES = 32


def _signature(payload: bytes) -> bytes:
    key = hashlib.sha256(b"reports.StoredFigures:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, payload, hashlib.sha256).digest()


def _dump(value) -> bytes:
    """The pickled value compressed (zlib's fastest level: a result of 30,000 rows is read from the database in a
    fifth of the time, for 4 ms of decompression) and signed."""
    payload = zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)
    return _signature(payload) + payload


def _load(blob) -> tuple[bool, object]:
    """(True, value) for a payload this application signed; (False, None) otherwise."""
    blob = bytes(blob)
    signature, payload = blob[:_SIGNATURE_BYTES], blob[_SIGNATURE_BYTES:]
    if not hmac.compare_digest(signature, _signature(payload)):
        return False, None
    return True, pickle.loads(zlib.decompress(payload))  # noqa: S301 - signed above with a key from SECRET_KEY


# The modules whose figures are stored: these and every module of the apps below that they import, directly or not,
# are the code that defines a stored figure.
FIGURE_MODULES = ("reports.selectors", "reports.maps", "reports.documents.answer_maps")
FIGURE_APPS = ("academies", "grants", "reports")


def _imported_modules(path: Path) -> set[str]:
    """The absolute names `path` imports (at any depth of its code), with `from a import b` giving `a` and `a.b`."""
    names = set()
    for node in ast.walk(ast.parse(path.read_bytes(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def figure_sources() -> list[Path]:
    """The source files of `FIGURE_MODULES` and of the modules of `FIGURE_APPS` they import, found by reading
    their import statements (nothing is imported), and the message catalogues of the site (labels are stored
    translated). Views, tables, documents' renderers, commands and benchmarks are not among them."""
    found: dict[str, Path] = {}
    pending = list(FIGURE_MODULES)
    while pending:
        name = pending.pop()
        if name in found or name.split(".")[0] not in FIGURE_APPS:
            continue
        folder = Path(settings.BASE_DIR).joinpath(*name.split("."))
        path = next((path for path in (folder.with_suffix(".py"), folder / "__init__.py") if path.is_file()), None)
        if path is not None:
            found[name] = path
            pending.extend(_imported_modules(path))
    catalogues = [*(Path(apps.get_app_config(app).path) / "locale" for app in FIGURE_APPS),
                  *map(Path, settings.LOCALE_PATHS)]
    return sorted(found.values()) + sorted(mo for folder in catalogues for mo in folder.rglob("*.mo"))


@functools.cache
def code_version() -> str:
    """A digest of `figure_sources()`: stored figures are read back only by the code that computed them, so a
    deploy that changes a definition, a field or a label computes every figure again, and one that changes only a
    page, a benchmark or a command keeps them."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    for path in figure_sources():
        digest.update(path.relative_to(base).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def versions_of(years: Iterable[int] | None) -> dict[str, int | str]:
    """{year: version} of `years` and of year 0 (the data every year shares); of every year when `years` is None;
    with the `code_version()` under "code". A year nobody wrote to yet has version 0. One query."""
    rows = DataYearVersion.objects.order_by()
    if years is not None:
        wanted = {SHARED_YEAR, *years}
        rows = rows.filter(year__in=wanted)
    found = dict(rows.values_list("year", "version"))
    if years is None:
        wanted = {SHARED_YEAR, *found}
    return {"code": code_version(), **{str(year): found.get(year, 0) for year in sorted(wanted)}}


def versions_tag(years: Iterable[int] | None, **arguments) -> str:
    """A short digest of `versions_of(years)`, `arguments` and the language: it changes whenever a figure stored
    for them could (an HTTP ETag). One query."""
    digest = hashlib.sha256(json.dumps([versions_of(years), _key(arguments)]).encode())
    return digest.hexdigest()[:32]


def _key(arguments: dict) -> str:
    return json.dumps({**arguments, "language": translation.get_language()}, sort_keys=True, default=str)


def _save(entries: list[StoredFigures]) -> None:
    StoredFigures.objects.bulk_create(entries, update_conflicts=True, unique_fields=["selector", "key"],
                                      update_fields=["versions", "payload", "computed_at"])


def stored(selector: str, compute: Callable, *, years: Iterable[int] | None, patch: Callable | None = None,
           **arguments):
    """`compute(**arguments)`, read from the stored figures while the data of `years` (every year when None) and
    of year 0 is unchanged; computed and stored otherwise. Two queries when stored; when computed, those of
    `compute` and one more to store the result.

    With `patch`, a result stored before writes to final reports and their lines only (`changed_municipalities`)
    is brought up to date by `patch(stored result, municipalities, **arguments)` instead of computed in full."""
    key = _key(arguments)
    versions = versions_of(years)
    entry = StoredFigures.objects.filter(selector=selector, key=key).values_list("versions", "payload").first()
    if entry is not None and entry[0] == versions:
        valid, value = _load(entry[1])
        if valid:
            return value
    value = None
    if entry is not None and patch is not None:
        municipalities = changed_municipalities(entry[0], versions)
        valid, previous = _load(entry[1]) if municipalities is not None else (False, None)
        if valid:
            value = patch(previous, municipalities, **arguments)
    if value is None:
        value = compute(**arguments)
    _save([StoredFigures(selector=selector, key=key, versions=versions, payload=_dump(value),
                         computed_at=timezone.now())])
    return value


MAX_PATCHED_VERSIONS = 200
MAX_PATCHED_CHANGES = 2000


def changed_municipalities(stored_versions: dict, versions: dict) -> set[str] | None:
    """The municipalities (NIS codes) whose figures can differ between data of `stored_versions` and of `versions`
    (`versions_of`), when they differ in one year only and every version of it in between was made by a write to
    final reports or their lines (`YearChange`); None when anything else may have changed (another year, year 0,
    the code, another write) or when so much changed that computing in full costs less (more than
    `MAX_PATCHED_VERSIONS` versions or `MAX_PATCHED_CHANGES` changes). One query, none when that is clear from the
    versions."""
    if stored_versions.keys() != versions.keys():
        return None
    moved = [key for key in versions if stored_versions[key] != versions[key]]
    if len(moved) != 1 or moved[0] in ("code", str(SHARED_YEAR)):
        return None
    year, old, new = int(moved[0]), stored_versions[moved[0]], versions[moved[0]]
    if not 0 < new - old <= MAX_PATCHED_VERSIONS:
        return None
    changes = list(YearChange.objects.filter(year=year, version__gt=old, version__lte=new).values_list(
        "version", "municipality_id")[:MAX_PATCHED_CHANGES + 1])
    if len(changes) > MAX_PATCHED_CHANGES:
        return None
    seen, municipalities = set(), set()
    for version, municipality in changes:
        seen.add(version)
        municipalities.add(municipality)
    return municipalities if len(seen) == new - old else None


def stored_figure(name: str, *, years: Callable[..., Iterable[int] | None], patch: Callable | None = None):
    """Applies the stored layer to a live figure function: `stored_figure(name, years=...)(live)` is a function of
    the same arguments that reads `live`'s result stored under `name` while the data of `years(**arguments)` (every
    year when None) and of year 0 is unchanged, and computes and stores it otherwise (`stored`). Arguments left out
    are stored as their defaults, so a call with and without them shares one stored result. The live function
    stays reachable as `.live`; `patch` is passed on to `stored`."""

    def apply(live: Callable):
        signature = inspect.signature(live)

        @functools.wraps(live)
        def read(**arguments):
            bound = signature.bind(**arguments)
            bound.apply_defaults()
            return stored(name, read.live, years=years(**bound.arguments), patch=patch, **bound.arguments)

        read.__name__ = read.__qualname__ = name
        read.live = live
        return read

    return apply


def _of_year(versions: dict, year: int) -> dict:
    return {key: versions[key] for key in ("code", str(SHARED_YEAR), str(year))}


def stored_per_year(selector: str, compute: Callable[..., dict], *, years: Iterable[int], **arguments) -> list:
    """One stored result per year of `years`, in that order: the years whose data is unchanged are read, the others
    computed together by `compute(years_only=[...], **arguments)` (a {year: result} mapping) and stored in one
    more query. Two queries when every year is stored."""
    years = list(years)
    keys = {year: _key({**arguments, "year": year}) for year in years}
    versions = versions_of(years)
    entries = {key: (entry_versions, payload) for key, entry_versions, payload in StoredFigures.objects.filter(
        selector=selector, key__in=list(keys.values())).values_list("key", "versions", "payload")}
    results, missing = {}, []
    for year in years:
        wanted = _of_year(versions, year)
        entry = entries.get(keys[year])
        valid = entry is not None and entry[0] == wanted
        if valid:
            valid, results[year] = _load(entry[1])
        if not valid:
            missing.append(year)
    if missing:
        computed = compute(years_only=missing, **arguments)
        now = timezone.now()
        _save([StoredFigures(selector=selector, key=keys[year], payload=_dump(computed[year]), computed_at=now,
                             versions=_of_year(versions, year))
               for year in missing])
        results.update(computed)
    return [results[year] for year in years]

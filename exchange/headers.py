"""Header rows as people write them: find the header below a title row, and suggest the known column closest to an
unrecognised header (`Deelnemers (aantal)` -> `deelnemers`)."""

import difflib
import re
import unicodedata

HEADER_SEARCH_ROWS = 10


def header_key(header) -> str:
    """Case, accents, spaces, dashes and slashes do not matter: `Halve dagen` = `halve_dagen`."""
    text = "" if header is None else str(header)
    text = unicodedata.normalize("NFKD", text.replace("\ufeff", "")).encode("ascii", "ignore").decode()
    return re.sub(r"[\s\-/]+", "_", text.strip().lower())


def _words(key: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", key).strip("_")


def closest_column(header, known: dict[str, str] | list[str]) -> str | None:
    """The known column an unrecognised header most likely means, or None. `known` maps header keys (names and
    aliases) to column names, or is a list of column names."""
    if not isinstance(known, dict):
        known = {header_key(name): name for name in known}
    key = header_key(header)
    words = _words(re.sub(r"\(.*?\)", "", key))
    if words in known:
        return known[words]
    contained = [name for name in known if re.search(rf"(^|_){re.escape(name)}(_|$)", _words(key))]
    if contained:
        return known[max(contained, key=len)]
    match = difflib.get_close_matches(words or key, list(known), n=1, cutoff=0.6)
    return known[match[0]] if match else None


def find_header_row(rows: list[list], known: set[str], required: set[str]) -> int:
    """The index (among the first rows) of the header: the first row holding every required column, else the first
    row holding at least two known columns, else 0. `known` and `required` are header keys."""
    best = None
    for index, values in enumerate(rows[:HEADER_SEARCH_ROWS]):
        keys = {header_key(value) for value in values if value not in (None, "")}
        if required and required <= keys:
            return index
        if best is None and len(keys & known) >= 2:
            best = index
    return best or 0

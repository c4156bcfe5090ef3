"""Header rows as people write them: how a header is compared with the known columns, how far down a header is
looked for (below a title row), and the known column closest to an unrecognised header (`Deelnemers (aantal)` ->
`deelnemers`)."""

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

"""The Dutch catalogues of the apps (pages, e-mails, import messages) are complete, and their committed .mo files
match the .po sources, so a fresh machine without gettext tools shows the same Dutch."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

APP_CATALOGUES = ["academies", "api", "assessments", "grants", "identity", "payments", "questions", "reports"]


def parse_po(path: Path) -> list[dict[str, str]]:
    """Entries of a .po file as {keyword: text}, continuation lines joined; header and obsolete entries left out."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry: dict[str, str] = {}
        keyword = None
        for line in block.strip().splitlines():
            if line.startswith("#"):
                if line.startswith("#,"):
                    entry["flags"] = line
                continue
            if line.startswith('"') and keyword:
                entry[keyword] += ast.literal_eval(line)
            else:
                keyword, _space, text = line.partition(" ")
                entry[keyword] = ast.literal_eval(text)
        if entry.get("msgid"):
            entries.append(entry)
    return entries


@pytest.mark.parametrize("app", APP_CATALOGUES)
def test_app_catalogue_is_complete_and_compiled(app):
    folder = settings.BASE_DIR / app / "locale" / "nl" / "LC_MESSAGES"
    entries = parse_po(folder / "django.po")
    assert entries
    assert [entry["msgid"] for entry in entries if "fuzzy" in entry.get("flags", "")] == []
    assert [entry["msgid"] for entry in entries
            if not all(value for key, value in entry.items() if key.startswith("msgstr"))] == []
    with (folder / "django.mo").open("rb") as compiled_file:
        compiled = gettext.GNUTranslations(compiled_file)
    for entry in entries:
        context = entry.get("msgctxt")
        if "msgid_plural" in entry:
            found = (compiled.npgettext(context, entry["msgid"], entry["msgid_plural"], 1) if context else
                     compiled.ngettext(entry["msgid"], entry["msgid_plural"], 1))
            assert found == entry["msgstr[0]"], entry["msgid"]
        else:
            found = compiled.pgettext(context, entry["msgid"]) if context else compiled.gettext(entry["msgid"])
            assert found == entry["msgstr"], entry["msgid"]


SAME_IN_DUTCH = {
    "STEM-academies", "Open data", "VLAIO – STEM-academies", "Status", "Budget", "Code", "Filter", "UiTdatabank",
    "Downloads", "Gender", "Word (DOCX)", "%(name)s (%(nis_code)s)", "e-mail", "postcode", "postcodes", "school",
    "code", "labels", "status", "open", "selector", "%(area)s %(year)s: %(measure)s", "Academies", "import",
    "score", "scores", "minister", "Minister",
}
"""Messages that read the same in Dutch; any other message without a Dutch translation would show English."""
TEMPLATE_MESSAGE = re.compile(r"""{%\s*translate\s+(?:"([^"]+)"|'([^']+)')""")
PYTHON_MESSAGE = re.compile(r'\b_\(\s*"((?:[^"\\]|\\.)+)"\s*\)')


def untranslated(messages) -> set[str]:
    with translation.override("nl"):
        return {message for message in messages
                if translation.gettext(message) == message and re.search("[a-z]{3}", message)} - SAME_IN_DUTCH


def test_every_template_message_has_dutch():
    messages = {match.group(1) or match.group(2) for path in (settings.BASE_DIR / "templates").rglob("*.html")
                for match in TEMPLATE_MESSAGE.finditer(path.read_text(encoding="utf-8"))}
    assert len(messages) > 300
    assert untranslated(messages) == set()


def test_every_python_message_has_dutch():
    messages = {match.group(1) for app in APP_CATALOGUES + ["exchange"]
                for path in (settings.BASE_DIR / app).rglob("*.py") if "migrations" not in path.parts
                for match in PYTHON_MESSAGE.finditer(path.read_text(encoding="utf-8")) if "\\" not in match.group(1)}
    assert len(messages) > 300
    assert untranslated(messages) == set()

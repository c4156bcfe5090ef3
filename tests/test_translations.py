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
BLOCK_MESSAGE = re.compile(r"{%\s*blocktranslate\b([^%]*)%}(.*?){%\s*endblocktranslate\s*%}", re.DOTALL)
PLACEHOLDER = re.compile(r"{{\s*(\w+)\s*}}")
PYTHON_MESSAGE = re.compile(r'\b_\(\s*"((?:[^"\\]|\\.)+)"\s*\)')
LAZY_MESSAGE = re.compile(r'\bgettext(?:_lazy)?\(\s*"((?:[^"\\]|\\.)+)"\s*\)')
PLURAL_MESSAGE = re.compile(r'\bngettext\(\s*"((?:[^"\\]|\\.)+)"\s*,\s*"((?:[^"\\]|\\.)+)"')
CONTEXT_PLURAL_MESSAGE = re.compile(
    r'\bnpgettext\(\s*"([^"]+)"\s*,\s*"((?:[^"\\]|\\.)+)"\s*,\s*"((?:[^"\\]|\\.)+)"')


def untranslated(messages) -> set[str]:
    with translation.override("nl"):
        return {message for message in messages
                if translation.gettext(message) == message and re.search("[a-z]{3}", message)} - SAME_IN_DUTCH


def test_every_template_message_has_dutch():
    messages = {match.group(1) or match.group(2) for path in (settings.BASE_DIR / "templates").rglob("*.html")
                for match in TEMPLATE_MESSAGE.finditer(path.read_text(encoding="utf-8"))}
    assert len(messages) > 250  # the lists' headers are in the tables modules, checked below
    assert untranslated(messages) == set()


def test_every_python_message_has_dutch():
    messages = {match.group(1) for app in APP_CATALOGUES + ["exchange"]
                for path in (settings.BASE_DIR / app).rglob("*.py") if "migrations" not in path.parts
                for match in PYTHON_MESSAGE.finditer(path.read_text(encoding="utf-8")) if "\\" not in match.group(1)}
    assert len(messages) > 300
    assert untranslated(messages) == set()


def template_paths():
    """Every template of the project: the project's templates/ and each app's templates/ (pages and e-mails)."""
    folders = [settings.BASE_DIR / "templates", *(settings.BASE_DIR / app / "templates"
                                                 for app in APP_CATALOGUES + ["exchange", "config"])]
    return [path for folder in folders if folder.is_dir() for path in folder.rglob("*")
            if path.suffix in (".html", ".txt", ".xml", ".svg")]


def block_messages(text: str) -> list[tuple[str, str | None]]:
    """(singular, plural or None) of every {% blocktranslate %}, with {{ name }} as %(name)s the way Django looks
    the message up; blocks with a `context` are left to the catalogue test."""
    found = []
    for match in BLOCK_MESSAGE.finditer(text):
        if "context" in match.group(1):
            continue
        singular, plural = (PLACEHOLDER.sub(r"%(\1)s", part.replace("%", "%%"))
                            for part in re.split(r"{%\s*plural\s*%}", match.group(2) + "{% plural %}")[:2])
        if "trimmed" in match.group(1):
            singular, plural = " ".join(singular.split()), " ".join(plural.split())
        found.append((singular, plural or None))
    return found


def test_every_template_message_of_every_app_has_dutch():
    """Issue 27: no English reachable in the Dutch UI: {% translate %} and {% blocktranslate %} (singular and
    plural) in the project's and the apps' templates, e-mails included."""
    singles, plurals = set(), set()
    for path in template_paths():
        text = path.read_text(encoding="utf-8")
        singles |= {match.group(1) or match.group(2) for match in TEMPLATE_MESSAGE.finditer(text)}
        for singular, plural in block_messages(text):
            (plurals.add((singular, plural)) if plural else singles.add(singular))
    assert len(singles) > 400 and len(plurals) > 5
    assert untranslated(singles) == set()
    with translation.override("nl"):
        assert {pair for pair in plurals if translation.ngettext(*pair, 2) == pair[1]
                and translation.ngettext(*pair, 1) == pair[0]} == set()


def test_every_python_plural_and_lazy_message_has_dutch():
    singles, plurals, contexts = set(), set(), set()
    for app in APP_CATALOGUES + ["exchange", "config"]:
        for path in (settings.BASE_DIR / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            singles |= {match.group(1) for match in LAZY_MESSAGE.finditer(text) if "\\" not in match.group(1)}
            plurals |= {match.groups() for match in PLURAL_MESSAGE.finditer(text) if "\\" not in match.group(1)}
            contexts |= {match.groups() for match in CONTEXT_PLURAL_MESSAGE.finditer(text)}
    assert plurals and contexts
    assert untranslated(singles) == set()
    with translation.override("nl"):
        assert {pair for pair in plurals if translation.ngettext(*pair, 2) == pair[1]} == set()
        assert {triple for triple in contexts if translation.npgettext(*triple, 2) == triple[2]} == set()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/docs/", "/api/v1/bestaat-niet/", "/bestaat-niet/",
                                  "/api/v1/calls", "/api/v1/calls?year=abc", "/api/v1/openapi.json",
                                  "/open-data/", "/account/login/", "/account/password_reset/",
                                  "/toegankelijkheid/"])
def test_public_pages_and_errors_carry_no_english(client, path, settings):
    """What anyone reaches without a login, the API's error answers included, in the Dutch UI."""
    settings.DEBUG = False
    body = client.get(path, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    english = [phrase for phrase in ("Page not found", "Not Found", "Unauthorized", "Forbidden", "Server Error",
                                     "The requested resource", "Log in", "Password", "Username", "Submit")
               if re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", body)]
    assert english == []

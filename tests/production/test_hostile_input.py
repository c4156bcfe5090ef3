"""Hostile text in every free-text field (academy names, call titles, trajectory titles, narratives, decision
reasons, review comments, municipality names, people's names) is escaped in every output: the pages (found by
crawling every internal link from the start pages of staff and academy contacts, plus the admin pages of each
model), the SVG maps, the CSV/XLSX exports and the e-mails. Control characters and bidi overrides already stored
leave no rendering broken or reversed: the PDF and Word answer, freezing, the SVG maps, the import template, the
XLSX and CSV exports."""

import csv
import io
import re
import xml.etree.ElementTree as ET
from collections import deque
from html import unescape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib import admin
from django.core.management import call_command
from django.template.loader import render_to_string
from openpyxl import load_workbook

from academies.models import Municipality
from grants import emails
from grants.models import ApplicationStatus, FinalReportStatus
from tests.conftest import shared_data_path
from tests.factories import (
    AcademyFactory,
    ApplicationFactory,
    AwardFactory,
    CallFactory,
    FinalReportFactory,
    FinalReportLineFactory,
    MembershipFactory,
    RecognitionFactory,
    TrajectoryFactory,
    UserFactory,
    municipality,
)
from tests.grants.portal_setup import open_call

SCRIPT = "<script>alert(1)</script>"
SVG_ONLOAD = '"><svg onload=alert(1)>'
RAW = ["<script>alert(1)", "<svg onload=alert(1)"]
ESCAPED = {SCRIPT: "&lt;script&gt;alert(1)&lt;/script&gt;", SVG_ONLOAD: "&quot;&gt;&lt;svg onload=alert(1)&gt;"}

GENT = "44021"
SKIP = ("/account/logout", "/admin/logout", "/i18n/", "/static/", "/media/", "/admin/jsi18n", "/healthz")
TEXT_TYPES = ("text/html", "image/svg+xml")
EXPORT_TYPES = ("text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@pytest.fixture
def hostile_world(db):
    """One of everything, each text field carrying a payload; returns {field: payload} and the two users."""
    fields = {
        "academy name": f"Academie {SCRIPT}",
        "call title": f"Oproep {SVG_ONLOAD}",
        "open call title": f"Open oproep {SCRIPT}",
        "trajectory title": f"Robotica {SVG_ONLOAD}",
        "narrative": f"Verslag {SCRIPT} en {SVG_ONLOAD}",
        "decision reason": f"Reden {SVG_ONLOAD}",
        "review comment": f"Opmerking {SCRIPT}",
        "amount reason": f"Bedrag {SCRIPT}",
        "municipality name": f"Gent {SVG_ONLOAD}",
        "contact name": f"An {SCRIPT}",
    }
    Municipality.objects.filter(nis_code=GENT).update(name_nl=fields["municipality name"])
    academy = AcademyFactory(name=fields["academy name"])
    RecognitionFactory(academy=academy)
    contact = UserFactory(username="hostile-contact", first_name=fields["contact name"], last_name="Peeters")
    MembershipFactory(user=contact, academy=academy)
    staff = UserFactory(username="hostile-staff", is_staff=True, is_superuser=True, first_name=fields["contact name"])

    call = CallFactory(year=2022, title=fields["call title"])
    application = ApplicationFactory(call=call, academy=academy, status=ApplicationStatus.AWARDED,
                                     decision_reason=fields["decision reason"])
    TrajectoryFactory(application=application, title=fields["trajectory title"], municipality=municipality(GENT))
    award = AwardFactory(application=application, funded=[GENT], amount_reason=fields["amount reason"])
    report = FinalReportFactory(award=award, status=FinalReportStatus.RETURNED, narrative=fields["narrative"],
                                review_comment=fields["review comment"])
    FinalReportLineFactory(report=report, municipality=municipality(GENT), participants=25, boys=15, girls=10)

    draft = ApplicationFactory(call=open_call(title=fields["open call title"]), academy=academy,
                               status=ApplicationStatus.DRAFT)
    TrajectoryFactory(application=draft, title=fields["trajectory title"], municipality=municipality(GENT))
    return {"fields": fields, "contact": contact, "staff": staff, "report": report, "application": application}


def crawl(client, starts: list[str], *, per_path: int = 2, limit: int = 150) -> dict[str, tuple[str, bytes]]:
    """GET the internal links reachable from `starts` (outside the admin, whose pages are listed explicitly), at
    most `per_path` query-string variants of one path (filters and sort orders render the same fields) and no
    exports; returns {url: (content type, body)} of the successful responses."""
    queue, seen, found, variants = deque(starts), set(), {}, {}
    while queue and len(found) < limit:
        url = queue.popleft()
        path = urlsplit(url).path
        if url in seen or url.startswith(SKIP) or "_export=" in url:
            continue
        if url not in starts and variants.get(path, 0) >= per_path:
            continue
        seen.add(url)
        variants[path] = variants.get(path, 0) + 1
        response = client.get(url)
        if response.status_code in (301, 302):
            queue.append(urljoin(url, response["Location"]))
            continue
        if response.status_code != 200:
            continue
        body = b"".join(response.streaming_content) if response.streaming else response.content
        content_type = response["Content-Type"].split(";")[0]
        found[url] = (content_type, body)
        if content_type == "text/html":
            for href in re.findall(r'href="([^"#]+)', body.decode()):
                link = urljoin(url, unescape(href))
                if urlsplit(link).netloc == "" and not link.startswith("/admin/"):
                    queue.append(link)
    return found


def admin_pages(hostile_world) -> list[str]:
    pages = []
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        base = f"/admin/{opts.app_label}/{opts.model_name}/"
        pages.append(base)
        obj = model_admin.get_queryset(_request(hostile_world["staff"])).first()
        if obj is not None:
            pages += [f"{base}{obj.pk}/change/", f"{base}{obj.pk}/history/"]
    return pages


def _request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def assert_escaped(outputs: dict[str, tuple[str, bytes]], fields: dict[str, str]) -> None:
    texts = {url: body.decode() for url, (content_type, body) in outputs.items() if content_type in TEXT_TYPES}
    leaks = [f"{url}: {marker}" for url, text in texts.items() for marker in RAW if marker in text]
    assert leaks == [], "hostile markup reached a page unescaped"
    for url, text in texts.items():
        if text.lstrip().startswith("<svg"):
            assert_harmless_svg(text, url)
    return texts


def assert_harmless_svg(text: str, url: str) -> None:
    root = ET.fromstring(text)  # well-formed: escaping kept the payload inside its text node
    for element in root.iter():
        assert not element.tag.endswith("script"), url
        assert not [name for name in element.attrib if name.lower().startswith("on")], url


@pytest.fixture
def boundaries_2022(db):
    path = shared_data_path("flanders_municipalities_2019_2024.geojson")
    call_command("load_boundaries", str(path), stdout=io.StringIO())


def csv_cells(response) -> set[str]:
    text = response.content.decode("utf-8-sig")
    return {cell for row in csv.reader(io.StringIO(text), delimiter=";" if ";" in text.split("\n")[0] else ",")
            for cell in row}


class TestEscaping:
    def test_staff_pages_reports_maps_and_admin(self, client, hostile_world, boundaries_2022):
        client.force_login(hostile_world["staff"])
        starts = ["/", "/beheer/", "/beheer/aanvragen/", "/beheer/eindrapporten/", "/rapporten/",
                  "/rapporten/antwoord/2022/", "/rapporten/bereik/gemeenten/?year=2022",
                  "/rapporten/kaarten/?year=2022", "/rapporten/kaarten/?year=2022&format=svg",
                  f"/beheer/aanvragen/{hostile_world['application'].pk}/",
                  f"/beheer/eindrapporten/{hostile_world['report'].pk}/"]
        outputs = crawl(client, starts) | crawl(client, admin_pages(hostile_world))
        assert len(outputs) > 40, sorted(outputs)
        texts = assert_escaped(outputs, hostile_world["fields"])
        everything = "\n".join(texts.values())
        for field, value in hostile_world["fields"].items():
            if field == "open call title":
                continue  # an open call with only a draft application is on the portal, not on staff pages
            payload = SCRIPT if SCRIPT in value else SVG_ONLOAD
            assert ESCAPED[payload] in everything, f"{field} is shown nowhere to staff: the test would miss it"
        svg_maps = [url for url, (content_type, _body) in outputs.items() if content_type == "image/svg+xml"]
        assert svg_maps
        assert ESCAPED[SVG_ONLOAD] in "".join(texts[url] for url in svg_maps), "municipality name on the map"

    def test_portal_pages(self, client, hostile_world):
        client.force_login(hostile_world["contact"])
        outputs = crawl(client, ["/", "/portaal/"])
        texts = assert_escaped(outputs, hostile_world["fields"])
        everything = "\n".join(texts.values())
        for field in ("academy name", "call title", "open call title", "trajectory title", "narrative",
                      "review comment", "contact name"):
            value = hostile_world["fields"][field]
            payload = SCRIPT if SCRIPT in value else SVG_ONLOAD
            assert ESCAPED[payload] in everything, f"{field} is shown nowhere on the portal: the test would miss it"

    def test_exports_are_downloads_that_no_browser_renders(self, client, hostile_world):
        client.force_login(hostile_world["staff"])
        reports = ["/rapporten/bereik/provincies/", "/rapporten/bereik/gemeenten/", "/rapporten/deelnemers/",
                   "/rapporten/middelen/", "/rapporten/evolutie/"]
        exports = {}
        for path in reports:
            for export_format in ("csv", "xlsx"):
                url = f"{path}?year=2022&_export={export_format}"
                exports[url] = client.get(url)
        exports["admin export"] = client.post("/admin/academies/academy/export/", {"format": "0", "resource": "0"})
        for url, response in exports.items():
            assert response.status_code == 200, url
            content_type = response["Content-Type"].split(";")[0]
            assert content_type in EXPORT_TYPES, url
            assert response["Content-Disposition"].startswith("attachment"), url
            assert response["X-Content-Type-Options"] == "nosniff", url
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if content_type == EXPORT_TYPES[1]:
                load_workbook(io.BytesIO(body))  # a real workbook, not HTML under an .xlsx name
        # A CSV keeps the value as data, quoted by the csv rules, for a spreadsheet: never rendered as HTML.
        assert hostile_world["fields"]["municipality name"] in csv_cells(
            exports["/rapporten/bereik/gemeenten/?year=2022&_export=csv"])
        assert hostile_world["fields"]["academy name"] in csv_cells(exports["admin export"])

    def test_emails_are_plain_text(self, hostile_world, mailoutbox):
        report = hostile_world["report"]
        emails.send_report_submitted(report=report)
        emails.send_report_reviewed(report=report)
        emails.send_decision(application=hostile_world["application"])
        assert len(mailoutbox) == 3
        for message in mailoutbox:
            assert message.content_subtype == "plain"
            assert not getattr(message, "alternatives", []), "an HTML part would need escaping"
            assert "\n" not in message.subject and "\r" not in message.subject
        # Plain text shows the name as typed: nothing in a text/plain body is markup.
        assert any(hostile_world["fields"]["academy name"] in message.body for message in mailoutbox)


# django-ninja's own Swagger template (restyled in Dutch) writes the JSON settings ninja serialises from
# settings.NINJA_* into a <script type="application/json">: no stored data passes there.
TRUSTED_JSON = {Path("templates/ninja/swagger.html")}


def test_no_template_switches_escaping_off():
    """Only the plain-text e-mail templates may turn autoescaping off; no template marks data safe."""
    offenders = []
    for template_dir in [settings.BASE_DIR / "templates", *settings.BASE_DIR.glob("*/templates")]:
        for path in template_dir.rglob("*"):
            if not path.is_file() or path.suffix not in {".html", ".svg", ".txt", ".xml"}:
                continue
            text = path.read_text()
            is_email = "emails" in path.parts or path.name.endswith("_email.html") or path.suffix == ".txt"
            if "autoescape off" in text and not is_email:
                offenders.append(f"{path}: autoescape off")
            if re.search(r"\|\s*safe\b", text) and path.relative_to(settings.BASE_DIR) not in TRUSTED_JSON:
                offenders.append(f"{path}: |safe")
    assert offenders == []


def test_the_503_page_renders_without_data():
    assert "<script" not in render_to_string("503.html")


# Control characters and bidi overrides (issue 21, point 9): stored before the input rule existed (a raw UPDATE), so
# only the escaping on output stands between them and the documents.
CONTROL_NAME = "Gent\x01\x1b\u202e321"  # \x01 breaks XML; U+202E would show "Gent123"
FORMULA_NAME = "\u2066=SUM(1+1)\x07"  # a formula once the isolate and the bell are gone
HIDDEN = ("\x01", "\x1b", "\x07", "\u202e", "\u2066")
ANTWERPEN = "11002"


@pytest.fixture
def control_world(db, boundaries_2022):
    from tests.reports.factories import call_of, funded_award, report

    Municipality.objects.filter(nis_code=GENT).update(name_nl=CONTROL_NAME)
    Municipality.objects.filter(nis_code=ANTWERPEN).update(name_nl=FORMULA_NAME)
    academy = AcademyFactory()
    type(academy).objects.filter(pk=academy.pk).update(name="Academie\x0b\u202eDe Vonk")
    call = call_of(2022)
    type(call).objects.filter(pk=call.pk).update(title="Oproep\x1f\u2067 2022")
    award = funded_award(call=call, academy=academy, funded=[GENT, ANTWERPEN])
    report(award=award, lines=[(GENT, 321, 200, 121, 0), (ANTWERPEN, 45, None, None, None)])
    return UserFactory(username="control-staff", is_staff=True, is_superuser=True)


def assert_nothing_hidden(text: str, where: str) -> None:
    assert not [character for character in HIDDEN if character in text], where


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


class TestControlCharacters:
    def test_pdf_and_word_answer(self, client, control_world):
        import docx

        client.force_login(control_world)
        pdf = client.get("/rapporten/antwoord/2022/antwoord.pdf")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        text = pdf_text(pdf.content)
        assert_nothing_hidden(text, "PDF")
        assert "Gent321" in text and "123" not in text.replace("Gent321", "")
        word = client.get("/rapporten/antwoord/2022/antwoord.docx")
        document = docx.Document(io.BytesIO(word.content))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        assert "Gent321" in cells
        assert_nothing_hidden("\n".join(cells + [paragraph.text for paragraph in document.paragraphs]), "DOCX")

    def test_annex_zip(self, client, control_world):
        import zipfile

        client.force_login(control_world)
        response = client.get("/rapporten/antwoord/2022/antwoord.zip")
        assert response.status_code == 200
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        for name in archive.namelist():
            data = archive.read(name)
            if name.endswith(".svg"):
                ET.fromstring(data)
            elif name.endswith(".xlsx"):
                cells = [str(value) for sheet in load_workbook(io.BytesIO(data)).worksheets
                         for row in sheet.iter_rows(values_only=True) for value in row]
                assert_nothing_hidden("".join(cells), name)
            elif name.endswith(".csv"):
                assert_nothing_hidden(data.decode("utf-8-sig"), name)
        annex_1 = archive.read(next(name for name in archive.namelist() if name.startswith("bijlage-01")
                                    and name.endswith(".csv"))).decode("utf-8-sig")
        assert "Gent321" in annex_1

    def test_freezing(self, client, control_world):
        from reports.models import FrozenAnswer

        client.force_login(control_world)
        response = client.post("/rapporten/antwoord/2022/bevriezen/", {"confirm": "yes"})
        assert response.status_code == 302
        frozen = FrozenAnswer.objects.get()
        assert "Gent321" in pdf_text(bytes(frozen.pdf))

    def test_svg_maps_are_valid_xml(self, client, control_world):
        client.force_login(control_world)
        urls = [f"/rapporten/antwoord/2022/kaart-{number}.svg" for number in (2, 3)]
        urls.append("/rapporten/kaarten/?year=2022&format=svg")
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            text = response.content.decode()
            assert_nothing_hidden(text, url)
            root = ET.fromstring(text)
            titles = [element.text or "" for element in root.iter() if element.tag.endswith("title")]
            if url.endswith("kaart-2.svg"):
                assert any(title.startswith("Gent321:") for title in titles), url

    def test_import_template(self, client, control_world):
        client.force_login(control_world)
        response = client.get("/admin/import/sjabloon/finalreports.xlsx?year=2022")
        assert response.status_code == 200
        names = [row[1] for row in load_workbook(io.BytesIO(response.content)).worksheets[1].iter_rows(
            min_row=2, values_only=True)]
        assert "Gent321" in names and "'=SUM(1+1)" in names

    def test_xlsx_and_csv_exports(self, client, control_world):
        client.force_login(control_world)
        base = "/rapporten/bereik/gemeenten/?year=2022&_export="
        xlsx_response = client.get(base + "xlsx")
        body = b"".join(xlsx_response.streaming_content) if xlsx_response.streaming else xlsx_response.content
        workbook = load_workbook(io.BytesIO(body))
        cells = {str(value) for row in workbook.active.iter_rows(values_only=True) for value in row}
        assert {"Gent321", "'=SUM(1+1)"} <= cells
        assert_nothing_hidden("".join(cells), "XLSX")
        csv_response = client.get(base + "csv")
        assert_nothing_hidden(csv_response.content.decode("utf-8-sig"), "CSV")
        assert {"Gent321", "'=SUM(1+1)"} <= csv_cells(csv_response)


@pytest.mark.django_db
class TestControlCharactersAreRefusedWhereTheyEnter:
    """The same rule (`academies.text`) at every entrance, with the same Dutch message."""

    MESSAGE = "bevat onzichtbare stuurtekens"

    def test_admin_form(self, rf):
        from django.utils import translation

        from academies.models import Academy

        academy = AcademyFactory()
        request = rf.post("/admin/")
        request.user = UserFactory(is_staff=True, is_superuser=True)
        form_class = admin.site._registry[Academy].get_form(request, academy)
        data = {"code": academy.code, "name": "De Vonk\u202e 2022", "organisation_type": academy.organisation_type,
                "seat_municipality": GENT, "contact_email": academy.contact_email, "kbo_number": ""}
        with translation.override("nl"):
            form = form_class(data=data, instance=academy)
            assert not form.is_valid()
            assert "U+202E" in form.errors["name"][0] and self.MESSAGE in form.errors["name"][0]
        data["name"] = "De Vonk 2022"
        assert form_class(data=data, instance=academy).is_valid()

    def test_portal_forms_and_the_models_of_every_text(self):
        from grants.application_forms import TrajectoryForm
        from grants.models import Call

        form = TrajectoryForm(data={"title": "Robotica\x07", "age_min": 8, "age_max": 12, "half_days": 4,
                                    "municipality": GENT}, year=2022)
        assert not form.is_valid() and self.MESSAGE in form.errors["title"][0]
        call = CallFactory(title="Oproep\u2066 2022")
        with pytest.raises(Exception, match=self.MESSAGE):
            call.full_clean()
        call.title = "Oproep 2022"
        call.full_clean()
        report = FinalReportFactory(narrative="Eerste lijn\r\nTweede\tlijn")
        report.full_clean()  # line breaks and tabs belong in a narrative
        report.narrative = "Verslag\x1b[31m"
        with pytest.raises(Exception, match=self.MESSAGE):
            report.full_clean()
        municipality_row = Municipality(nis_code="99999", name_nl="Gent\x01", province_id="40000")
        with pytest.raises(Exception, match=self.MESSAGE):
            municipality_row.full_clean()
        assert Call.objects.filter(title__contains="\u2066").count() == 1  # what the factory stored bypassed clean

    def test_import_names_row_and_column(self, tmp_path):
        from exchange.errors import ImportFailed
        from exchange.services import import_file
        from tests.exchange.helpers import csv_bytes

        rows = [["code", "naam", "type_organisatie", "gemeente_zetel", "email"],
                ["vonk", "De Vonk", "bibliotheek", "Gent", "vonk@example.org"],
                ["omgekeerd", "Academie\u202e321", "bibliotheek", "Gent", "o@example.org"]]
        with pytest.raises(ImportFailed) as failure:
            import_file(kind="academies", data=csv_bytes(rows))
        errors = [error for error in failure.value.row_errors if self.MESSAGE in str(error)]
        assert [(error.row, error.column) for error in errors] == [(3, "naam")]
        assert str(errors[0]).startswith("rij 3, kolom 'naam': ") and "U+202E" in str(errors[0])

    def test_uit_events_from_outside_are_cleaned(self):
        from academies.models import Event
        from exchange.uit import import_uit_events

        payload = {"member": [{"@id": "https://io.uitdatabank.be/event/1", "name": {"nl": "Robot\u202eles\x00 1"},
                               "mainLanguage": "nl", "startDate": "2022-03-01T10:00:00+01:00",
                               "organizer": {"name": {"nl": "Org\x1b"}}}]}
        import_uit_events(payload)
        event = Event.objects.get()
        assert (event.name, event.organiser_name) == ("Robotles 1", "Org")
        event.full_clean()

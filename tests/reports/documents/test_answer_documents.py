"""The 2022 answer as DOCX and PDF on the demo data holds every figure of the seed (../shared/DOMAIN.md)."""

import html
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from reports import selectors
from reports.documents.bundle import annex_zip
from reports.documents.content import answer_content
from reports.documents.docx import render_docx
from reports.documents.pdf import render_pdf
from tests.conftest import load_reference_data, shared_data_path, skip_or_fail

PER_PROVINCE = {"Limburg": 27, "Antwerpen": 39, "Oost-Vlaanderen": 53, "Vlaams-Brabant": 38, "West-Vlaanderen": 64}
BOUNDARY_FILES = ["flanders_municipalities_2019_2024.geojson", "flanders_municipalities_2025.geojson"]


@pytest.fixture(scope="module")
def documents(django_db_setup, django_db_blocker):
    """The demo with map boundaries, and the 2022 answer generated once for this module; rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_reference_data()
        call_command("load_demo", verbosity=0, stdout=io.StringIO())
        for name in BOUNDARY_FILES:
            call_command("load_boundaries", str(shared_data_path(name)), stdout=io.StringIO())
        content = answer_content(year=2022)
        per_province = {}
        for row in selectors.reach_by_municipality(year=2022).rows:
            counts = per_province.setdefault(row.province, selectors.Counts())
            counts.add(row.participants, row.boys, row.girls, row.other)
        yield {"content": content, "docx": render_docx(content), "pdf": render_pdf(content),
               "zip": annex_zip(content), "per_province": per_province}
        transaction.set_rollback(True)


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


@pytest.fixture(scope="module")
def word(documents):
    return docx.Document(io.BytesIO(documents["docx"]))


@pytest.fixture(scope="module")
def word_text(word):
    parts = [paragraph.text for paragraph in word.paragraphs]
    parts += [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    parts += [paragraph.text for section in word.sections for paragraph in section.header.paragraphs]
    return normalise("\n".join(parts))


@pytest.fixture(scope="module")
def pdf_pages(documents):
    return [re.sub(r"(?<=\w)- (?=\w)", "-", normalise(page.extract_text()))  # a line broken after a hyphen
            for page in pypdf.PdfReader(io.BytesIO(documents["pdf"])).pages]


def seed_sentences(documents) -> list[str]:
    today = timezone.localdate().strftime("%d/%m/%Y")
    return [
        "In 2022 hadden 221 gemeenten een STEM-academie",
        "Limburg: 27 (bijlage 3)", "Antwerpen: 39 (bijlage 4)", "Oost-Vlaanderen: 53 (bijlage 5)",
        "Vlaams-Brabant: 38 (bijlage 6)", "West-Vlaanderen: 64 (bijlage 7)",
        "minstens 37.376 jongeren bereikt",
        "gemiddeld 72% jongens en 28% meisjes",
        "MaakBibs, is er een meer gelijke verdeling van 60% jongens en 40% meisjes",
        "€ 464.500,00 toegekend aan 52 STEM-academies",
        "€ 885.685,05 toegekend aan 13 vernieuwingsprojecten",
        "Voor 2023 werd er in de begroting € 2.500.000,00 voorzien",
        "Het volledige onderzoeksrapport is te vinden in bijlage 8",
        "(bijlagen 9 en 10)",
        f"Stand op {today}",
    ]


PUBLISHED_ANNEXES = [
    "1. Tabel bereik gemeenten 2022", "2. Kaart bereik Vlaanderen", "3. Kaart bereik Limburg",
    "4. Kaart bereik Antwerpen", "5. Kaart bereik Oost-Vlaanderen", "6. Kaart bereik Vlaams-Brabant",
    "7. Kaart bereik West-Vlaanderen", "8. Onderzoeksrapport impactonderzoek STEM-academies",
    "9. Dashboard alle STEM-activiteiten in UiTdatabank 2022",
    "10. Dashboard activiteiten met het label STEM-academie 2022"]


def province_rows(documents) -> list[str]:
    """Per province as the province table writes it (name, municipalities, reached, share, reached by awards,
    participants); the seed's 27/39/53/38/64, the not-attributable row, and the rows add up to Flanders."""
    content = documents["content"]
    table = next(block.table for block in content.part("reach").blocks if block.kind == "table")
    rows = []
    for row in table.text().rows[:5]:
        name, _total, confirmed, _share, _planned, participants = row[:6]
        assert confirmed == str(PER_PROVINCE[name])
        counts = documents["per_province"][name]
        assert participants == f"{counts.participants:,}".replace(",", ".")
        rows.append(" ".join(row[:6]))
    assert table.rows[5][0] == "Niet toe te wijzen aan een gemeente"
    assert sum(row[5] or 0 for row in table.rows) == table.footer[5] == 37376
    return rows


def test_every_sentence_of_the_page_is_in_word_and_pdf(documents, word_text, pdf_pages, reader_client):
    """The answer is built once; the page, the Word and the PDF answer say the same sentences and figures."""
    page = reader_client.get(reverse("reports:answer-sheet", args=[2022])).content.decode()
    page_text = normalise(html.unescape(re.sub(r"<[^>]+>", " ", page)))
    status = normalise(documents["content"].status_line)
    pdf_text = normalise(" ".join(re.sub(r"\s\d+$", "", page.replace(status, "")) for page in pdf_pages))
    for sentence in documents["content"].sentences():
        sentence = normalise(sentence)
        assert sentence in page_text, sentence
        assert sentence in word_text, sentence
        assert sentence in pdf_text, pdf_text[pdf_text.find(sentence[:30]):][:len(sentence) + 40]
    for figure in documents["content"].figures:
        if figure.value is not None:
            shown = normalise(figure.display())
            assert shown in word_text and shown in pdf_text and shown in page_text, figure


class TestDocx:
    def test_holds_every_seed_figure(self, documents, word_text):
        for sentence in seed_sentences(documents):
            assert normalise(sentence) in word_text, sentence

    def test_lists_the_published_annexes(self, word):
        texts = [paragraph.text for paragraph in word.paragraphs]
        start = texts.index("Bijlagen") + 1
        listed = texts[start:start + 12]
        assert all(written.startswith(annex)
                   for written, annex in zip(listed[:10], PUBLISHED_ANNEXES, strict=True)), listed
        assert listed[10:] == ["11. Overzicht per jaar", "12. Gemeenten per jaar"]

    def test_province_table_has_the_unattributed_row(self, documents, word):
        table = next(table for table in word.tables if table.rows[0].cells[0].text == "Provincie"
                     and len(table.columns) == 10)
        written = [" ".join(cell.text for cell in row.cells[:6]) for row in table.rows[1:6]]
        assert written == province_rows(documents)
        assert table.rows[6].cells[0].text == "Niet toe te wijzen aan een gemeente"
        assert table.rows[7].cells[5].text == "37.376"

    def test_status_line_in_the_header_of_every_page(self, word):
        header = " ".join(paragraph.text for paragraph in word.sections[0].header.paragraphs)
        assert "Stand op" in header and "Eindrapportages ontvangen: 57 van 65" in header

    def test_six_maps_and_two_charts(self, word):
        assert len(word.inline_shapes) == 6 + 2

    def test_annex_1_has_one_row_per_municipality_reached(self, word):
        annex = next(table for table in word.tables if table.rows[0].cells[1].text == "NIS-code"
                     and table.rows[0].cells[3].text == "Academies (toekenningen)")
        assert len(annex.rows) == 1 + 221
        codes = [row.cells[1].text for row in annex.rows[1:]]
        assert len(set(codes)) == 221

    def test_municipalities_by_year_has_a_column_per_year(self, word):
        by_year = [table for table in word.tables if [cell.text for cell in table.rows[0].cells][3:] ==
                   ["2019", "2020", "2021", "2022"]]
        assert len(by_year) == 2  # each year's own municipalities, and today's

    def test_opens_in_libreoffice_writer(self, documents, tmp_path):
        soffice = shutil.which("soffice")
        if soffice is None or not Path("/usr/lib/libreoffice/program/libswlo.so").exists():
            skip_or_fail("LibreOffice Writer (Debian libreoffice-writer-nogui) is not installed")
        (tmp_path / "antwoord.docx").write_bytes(documents["docx"])
        subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                        "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "antwoord.docx")],
                       check=True, capture_output=True, timeout=240)
        reader = pypdf.PdfReader(tmp_path / "antwoord.pdf")
        text = normalise(" ".join(page.extract_text() for page in reader.pages))
        assert "In 2022 hadden 221 gemeenten een STEM-academie" in text
        assert "37.376" in text


class TestPdf:
    def test_holds_every_seed_figure(self, documents, pdf_pages):
        text = " ".join(pdf_pages)
        for sentence in seed_sentences(documents):
            assert normalise(sentence) in text, sentence
        for row in province_rows(documents):
            assert row in text, row
        for annex in PUBLISHED_ANNEXES:
            assert f"Bijlage {annex}" in text, annex

    def test_status_line_on_every_page(self, pdf_pages):
        assert len(pdf_pages) > 8
        assert all("Stand op" in page and "Eindrapportages ontvangen: 57 van 65" in page for page in pdf_pages)

    def test_maps_are_vector(self, documents):
        reader = pypdf.PdfReader(io.BytesIO(documents["pdf"]))
        images = sum(len(page.images) for page in reader.pages)
        assert images == 0  # maps are drawn as paths, not embedded as bitmaps
        assert any("Bijlage 3. Kaart bereik Limburg" in normalise(page.extract_text()) for page in reader.pages)


def test_annex_zip_names_in_dutch_by_annex_number(documents):
    archive = zipfile.ZipFile(io.BytesIO(documents["zip"]))
    names = archive.namelist()
    assert "bijlage-01-tabel-bereik-gemeenten-2022.xlsx" in names
    assert sorted(name for name in names if name.endswith(".png") and "kaart" in name) == [
        "bijlage-02-kaart-bereik-vlaanderen-2022.png", "bijlage-03-kaart-bereik-limburg-2022.png",
        "bijlage-04-kaart-bereik-antwerpen-2022.png", "bijlage-05-kaart-bereik-oost-vlaanderen-2022.png",
        "bijlage-06-kaart-bereik-vlaams-brabant-2022.png", "bijlage-07-kaart-bereik-west-vlaanderen-2022.png"]
    research = [name for name in names if name.startswith("bijlage-08-") and name.endswith(".pdf")]
    assert len(research) == 1 and archive.read(research[0]).startswith(b"%PDF-")
    assert b"SYNTHETISCH" in pypdf.PdfReader(io.BytesIO(archive.read(research[0]))).pages[0].extract_text().encode()
    assert any(name.startswith("bijlage-09-") and name.endswith("-per-maand.xlsx") for name in names)
    assert any(name.startswith("bijlage-10-") and name.endswith(".svg") for name in names)
    assert "bijlage-11-overzicht-per-jaar-2022.xlsx" in names
    assert len([name for name in names if name.startswith("bijlage-12-")]) == 4
    csv_text = archive.read("bijlage-01-tabel-bereik-gemeenten-2022.csv").decode("utf-8-sig")
    assert len(csv_text.strip().splitlines()) == 1 + 221


@pytest.mark.parametrize(("extension", "content_type"), [
    ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("pdf", "application/pdf"), ("zip", "application/zip")])
def test_downloads_for_readers(reader_client, extension, content_type):
    response = reader_client.get(reverse("reports:answer-document", args=[2022, extension]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    name = "bijlagen-2022.zip" if extension == "zip" else f"antwoord-2022.{extension}"
    assert f'filename="{name}"' in response["Content-Disposition"]


def test_documents_need_staff(client, academy_user):
    assert client.get(reverse("reports:answer-document", args=[2022, "pdf"])).status_code == 302
    client.force_login(academy_user)
    assert client.get(reverse("reports:answer-document", args=[2022, "pdf"])).status_code == 403


@pytest.mark.django_db
def test_docx_template_is_replaceable_in_settings(settings, tmp_path):
    own = docx.Document()
    own.add_paragraph("Eigen sjabloon van VLAIO voor {{ year }}: {{ title }}")
    own.save(tmp_path / "eigen.docx")
    settings.ANSWER_DOCX_TEMPLATE = str(tmp_path / "eigen.docx")
    written = docx.Document(io.BytesIO(render_docx(answer_content(year=2022, annexes=False))))
    assert written.paragraphs[0].text == "Eigen sjabloon van VLAIO voor 2022: STEM-academies: stand van zaken 2022"

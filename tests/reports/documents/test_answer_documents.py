"""The 2022 answer as DOCX and PDF on the demo data holds every figure of the seed (../shared/DOMAIN.md)."""

import io
import re
import zipfile

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
from tests.conftest import load_reference_data, shared_data_path

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
    return [normalise(page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(documents["pdf"])).pages]


def seed_sentences(documents) -> list[str]:
    today = timezone.localdate().strftime("%d/%m/%Y")
    return [
        "In 2022 hadden 221 gemeenten een STEM-academie",
        "minstens 37.376 jongeren bereikt",
        "gemiddeld 72% jongens en 28% meisjes",
        "€ 464.500,00 toegekend aan 52 STEM-academies",
        "€ 885.685,05 toegekend aan 13 vernieuwingsprojecten",
        "Voor 2023 werd er in de begroting € 2.500.000,00 voorzien",
        f"Stand op {today}",
    ]


def province_rows(documents) -> list[str]:
    """Per province: name, municipalities in it, reached (final reports), reached (awards), participants, boys,
    girls, as the province table writes them; the seed's 27/39/53/38/64 and the children per province."""
    content = documents["content"]
    rows = []
    for row in content.provinces.text().rows:
        name, _total, confirmed, planned, participants, boys, girls, _coverage = row
        assert confirmed == str(PER_PROVINCE[name])
        counts = documents["per_province"][name]
        assert participants == f"{counts.participants:,}".replace(",", ".")
        split = counts.boys + counts.girls + (counts.other or 0)
        assert boys == f"{round(100 * counts.boys / split)}%"
        rows.append(" ".join([name, _total, confirmed, planned, participants, boys, girls]))
    assert len(rows) == 5
    return rows


class TestDocx:
    def test_holds_every_seed_figure(self, documents, word_text):
        for sentence in seed_sentences(documents):
            assert sentence in word_text, sentence

    def test_province_table_has_municipalities_children_and_gender(self, documents, word):
        table = next(table for table in word.tables if table.rows[0].cells[0].text == "Provincie")
        written = [" ".join(cell.text for cell in row.cells[:7]) for row in table.rows[1:6]]
        assert written == province_rows(documents)

    def test_status_line_in_the_header_of_every_page(self, word):
        header = " ".join(paragraph.text for paragraph in word.sections[0].header.paragraphs)
        assert "Stand op" in header and "Eindrapportages ontvangen: 57 van 65" in header

    def test_six_maps(self, word):
        assert len(word.inline_shapes) == 6

    def test_annex_1_has_one_row_per_municipality_reached(self, word):
        annex = next(table for table in word.tables if table.rows[0].cells[1].text == "NIS-code"
                     and table.rows[0].cells[3].text == "Academies")
        assert len(annex.rows) == 1 + 221
        codes = [row.cells[1].text for row in annex.rows[1:]]
        assert len(set(codes)) == 221

    def test_municipalities_by_year_has_a_column_per_year(self, word):
        by_year = [table for table in word.tables if [cell.text for cell in table.rows[0].cells][3:] ==
                   ["2019", "2020", "2021", "2022"]]
        assert len(by_year) == 2  # each year's own municipalities, and today's


class TestPdf:
    def test_holds_every_seed_figure(self, documents, pdf_pages):
        text = " ".join(pdf_pages)
        for sentence in seed_sentences(documents):
            assert sentence in text, sentence
        for row in province_rows(documents):
            assert row in text, row

    def test_status_line_on_every_page(self, pdf_pages):
        assert len(pdf_pages) > 8
        assert all("Stand op" in page and "Eindrapportages ontvangen: 57 van 65" in page for page in pdf_pages)

    def test_maps_are_vector(self, documents):
        reader = pypdf.PdfReader(io.BytesIO(documents["pdf"]))
        images = sum(len(page.images) for page in reader.pages)
        assert images == 0  # maps are drawn as paths, not embedded as bitmaps
        assert any("Kaart van het bereik: Limburg" in normalise(page.extract_text()) for page in reader.pages)


def test_annex_zip_names_in_dutch_by_annex_number(documents):
    names = zipfile.ZipFile(io.BytesIO(documents["zip"])).namelist()
    assert "bijlage-01-bereikte-gemeenten-2022.xlsx" in names and "bijlage-01-bereikte-gemeenten-2022.csv" in names
    assert sorted(name for name in names if name.endswith(".png")) == [
        "bijlage-02-kaart-vlaanderen-2022.png", "bijlage-03-kaart-antwerpen-2022.png",
        "bijlage-04-kaart-limburg-2022.png", "bijlage-05-kaart-oost-vlaanderen-2022.png",
        "bijlage-06-kaart-vlaams-brabant-2022.png", "bijlage-07-kaart-west-vlaanderen-2022.png"]
    assert len([name for name in names if name.endswith(".svg")]) == 6
    assert "bijlage-08-overzicht-per-jaar-2022.xlsx" in names
    assert "bijlage-09-gemeenten-per-jaar-2022.xlsx" in names
    assert "bijlage-10-gemeenten-per-jaar-gemeenten-van-vandaag-2022.xlsx" in names
    csv_text = zipfile.ZipFile(io.BytesIO(documents["zip"])).read(
        "bijlage-01-bereikte-gemeenten-2022.csv").decode("utf-8-sig")
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
    own.add_paragraph("Eigen sjabloon van VLAIO voor {{ year }}: {{ answer_1[0] }}")
    own.save(tmp_path / "eigen.docx")
    settings.ANSWER_DOCX_TEMPLATE = str(tmp_path / "eigen.docx")
    written = docx.Document(io.BytesIO(render_docx(answer_content(year=2022, annexes=False))))
    assert written.paragraphs[0].text.startswith("Eigen sjabloon van VLAIO voor 2022: In 2022 hadden 0 gemeenten")

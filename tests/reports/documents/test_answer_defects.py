"""Regression tests for the figure defects 1-8 of issue 21: the documents that leave the building (Word, PDF, annex
ZIP, frozen answer, "compare with today", the exports) say what the page says. Each fails on the code before it."""

import csv
import io
import re
import zipfile
from decimal import Decimal

import docx
import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from grants.models import FinalReport
from reports.documents.bundle import annex_zip
from reports.documents.compare import figure_changes, reports_received_since
from reports.documents.content import answer_content
from reports.documents.docx import render_docx
from reports.documents.pdf import render_pdf
from reports.models import ResearchReport
from reports.services import frozen_answer_create, research_report_save
from tests.factories import AcademyFactory
from tests.grants.portal_setup import manager
from tests.reports.factories import call_of, funded_award, report

pytestmark = pytest.mark.django_db

GENT, ANTWERPEN, HASSELT, LEUVEN = "44021", "11002", "71022", "24062"
PDF = b"%PDF-1.4\n% synthetic test report\n%%EOF\n"


def word_text(content) -> str:
    document = docx.Document(io.BytesIO(render_docx(content)))
    parts = [paragraph.text for paragraph in document.paragraphs]
    parts += [" | ".join(cell.text for cell in row.cells) for table in document.tables for row in table.rows]
    return re.sub(r"\s+", " ", "\n".join(parts).replace("\u00a0", " "))


def pdf_text(content) -> str:
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(content)))
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages).replace("\u00a0", " "))
    return re.sub(r"(?<=\w)- (?=\w)", "-", text)


def word_table(content, first_header: str) -> list[list[str]]:
    document = docx.Document(io.BytesIO(render_docx(content)))
    table = next(table for table in document.tables if table.rows[0].cells[0].text == first_header)
    return [[cell.text for cell in row.cells] for row in table.rows]


@pytest.fixture
def beheerder():
    return manager(username="beheerder-antwoord")


def test_defect_1_overview_runs_from_the_programme_start_to_the_year_asked():
    for year in (2019, 2022, 2023):
        report(award=funded_award(call=call_of(year), funded=[GENT]), lines=[(GENT, 10, None, None, None)])
    content = answer_content(year=2022, annexes=False)
    overview = content.annex("overview").tables[0][1]
    assert [row[0] for row in overview.rows] == ["2019", "2020", "2021", "2022"]
    rows = word_table(content, "Jaar")
    assert [row[0] for row in rows[1:]] == ["2019", "2020", "2021", "2022"]


def test_defect_2_awarded_to_n_distinct_academies():
    academy = AcademyFactory()
    funded_award(call=call_of(2022, suffix="a"), academy=academy, funded=[GENT])
    funded_award(call=call_of(2022, suffix="b"), academy=academy, funded=[ANTWERPEN])
    funded_award(call=call_of(2022, suffix="c"), funded=[HASSELT])
    content = answer_content(year=2022, annexes=False)
    assert content.figure("rollout_academies").value == 2 and content.figure("rollout_awards").value == 3
    text = word_text(content)
    assert "€ 12.000,00 toegekend aan 2 STEM-academies" in text
    assert "(3 toekenningen: sommige academies werden in meer dan één oproep gefinancierd.)" in text


def test_defect_3_not_reported_is_never_zero():
    funded_award(call=call_of(2021), funded=[GENT])
    funded_award(call=call_of(2022), funded=[GENT])
    content = answer_content(year=2022, annexes=False)
    assert content.figure("participants").value is None
    for text in (word_text(content), pdf_text(content)):
        assert "ging van niet gekend in 2021 naar niet gekend in 2022" in text
        assert "minstens 0 jongeren" not in text and "van 0 in 2021" not in text


def test_defect_3_a_later_answer_shows_unknown_years_as_unknown_not_zero():
    report(award=funded_award(call=call_of(2022), funded=[GENT]), lines=[(GENT, 10, None, None, None)])
    funded_award(call=call_of(2025), funded=[GENT])
    content = answer_content(year=2025, annexes=False)
    rows = {row[0]: row for row in content.annex("overview").tables[0][1].text().rows}
    assert rows["2023"][5] == "–" and rows["2022"][5] == "10"


def test_defect_4_province_table_has_the_not_attributable_row_and_adds_up():
    award = funded_award(call=call_of(2022), funded=[GENT, ANTWERPEN])
    report(award=award, lines=[(GENT, 30, None, None, None), (ANTWERPEN, 20, None, None, None)], participants=7)
    content = answer_content(year=2022, annexes=False)
    rows = word_table(content, "Provincie")
    unattributed = next(row for row in rows if row[0] == "Niet toe te wijzen aan een gemeente")
    total = rows[-1]
    assert unattributed[5] == "7" and total[0] == "Vlaanderen" and total[5] == "57"
    provinces = [row for row in rows[1:-1] if row[0] != "Niet toe te wijzen aan een gemeente"]
    assert sum(int(row[5]) for row in provinces if row[5] != "–") + 7 == 57
    assert "Niet toe te wijzen aan een gemeente" in pdf_text(content)


def test_defect_5_annex_1_counts_academies_of_awards_and_of_final_reports_apart():
    funded_award(call=call_of(2022), funded=[GENT])
    other = funded_award(call=call_of(2022, suffix="b"), funded=[ANTWERPEN])
    report(award=other, lines=[(GENT, 5, None, None, None)])
    annex = answer_content(year=2022, annexes=False).annex("municipalities").tables[0][1]
    assert annex.header[3:5] == ["Academies (toekenningen)", "Academies (eindrapportages)"]
    gent = next(row for row in annex.rows if row[1] == GENT)
    assert gent[3:6] == [1, 1, "gepland en bevestigd"]
    antwerpen = next(row for row in annex.rows if row[1] == ANTWERPEN)
    assert antwerpen[3:6] == [1, 0, "gepland"]


def test_defect_6_an_imported_report_counts_as_received_since_the_freeze(beheerder):
    first = funded_award(call=call_of(2022), funded=[GENT])
    second = funded_award(call=call_of(2022, suffix="b"), funded=[ANTWERPEN])
    report(award=first, lines=[(GENT, 10, None, None, None)])
    frozen = frozen_answer_create(year=2022, acting_user=beheerder)
    imported = report(award=second, lines=[(ANTWERPEN, 4, None, None, None)])
    FinalReport.objects.filter(pk=imported.pk).update(submitted_at=None)  # an import does not set it
    assert reports_received_since(frozen) == "1 eindrapportage ontvangen na " + frozen.frozen_at.strftime("%d/%m/%Y")
    changes = {change.key: (change.before, change.after) for change in figure_changes(frozen)}
    assert changes["reports_received"] == ("1", "2")


def test_defect_6_a_share_is_rounded_once(beheerder):
    award = funded_award(call=call_of(2022), funded=[GENT])
    report(award=award, lines=[(GENT, 1051, 825, 226, 0)])
    frozen = frozen_answer_create(year=2022, acting_user=beheerder)
    boys = next(figure for figure in frozen.figures if figure["key"] == "boys_share")
    assert Decimal(boys["value"]) == Decimal(825) / Decimal(1051)  # 78,497 %
    assert answer_content(year=2022, annexes=False).figure("boys_share").display() == "78%"
    assert "78% jongens" in word_text(answer_content(year=2022, annexes=False))
    assert figure_changes(frozen) == []


def test_defect_7_export_puts_the_summary_rows_after_the_data(reader_client):
    award = funded_award(call=call_of(2022), funded=[GENT, ANTWERPEN])
    report(award=award, lines=[(GENT, 30, None, None, None), (ANTWERPEN, 20, None, None, None)], participants=7)
    response = reader_client.get(reverse("reports:reach-by-municipality") + "?year=2022&_export=csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [row["Gemeente"] for row in rows[-2:]] == ["Niet toe te wijzen aan een gemeente", "Totaal (minstens)"]
    data = rows[:-2]
    assert all(row["NIS-code"] for row in data)
    assert sum(int(row["Deelnemers"]) for row in data if row["Deelnemers"]) + 7 == int(rows[-1]["Deelnemers"]) == 57
    assert rows[-1]["Bedrag (aandeel van toekenningen)"] == "" and rows[-1]["Academies (toekenningen)"] == ""


class TestDefect8PublishedAnnexes:
    def test_without_a_research_report_the_numbering_stays_contiguous(self):
        report(award=funded_award(call=call_of(2022), funded=[GENT]), lines=[(GENT, 10, None, None, None)])
        content = answer_content(year=2022, annexes=False)
        assert [annex.number for annex in content.annexes] == list(range(1, 12))
        assert [annex.key for annex in content.annexes][7:] == ["events-all", "events-labelled", "overview",
                                                                "by-year"]
        assert "onderzoeksrapport" not in " ".join(content.sentences()).lower()

    def test_the_research_report_is_annex_8_in_the_documents_and_the_zip(self, beheerder):
        report(award=funded_award(call=call_of(2022), funded=[GENT]), lines=[(GENT, 10, None, None, None)])
        research_report_save(year=2022, title="Onderzoeksrapport impactonderzoek", filename="rapport.pdf", data=PDF,
                             acting_user=beheerder)
        content = answer_content(year=2022)
        assert content.annex("research-report").number == 8
        assert "Het volledige onderzoeksrapport is te vinden in bijlage 8." in " ".join(content.sentences())
        assert "bijlagen 9 en 10" in word_text(content) or content.figure("events") is None
        names = zipfile.ZipFile(io.BytesIO(annex_zip(content))).namelist()
        pdf_name = next(name for name in names if name.startswith("bijlage-08-"))
        assert zipfile.ZipFile(io.BytesIO(annex_zip(content))).read(pdf_name) == PDF
        frozen = frozen_answer_create(year=2022, acting_user=beheerder)
        assert PDF in [zipfile.ZipFile(io.BytesIO(bytes(frozen.annexes))).read(name)
                       for name in zipfile.ZipFile(io.BytesIO(bytes(frozen.annexes))).namelist()]

    def test_upload_checks_type_size_and_freeze(self, beheerder, settings):
        with pytest.raises(ValidationError):
            research_report_save(year=2022, title="x", filename="rapport.docx", data=b"PK\x03\x04",
                                 acting_user=beheerder)
        with pytest.raises(ValidationError):
            research_report_save(year=2022, title="x", filename="rapport.pdf", data=b"", acting_user=beheerder)
        saved = research_report_save(year=2022, title="Eerste", filename="a.pdf", data=PDF, acting_user=beheerder)
        assert saved.uploaded_by == beheerder and saved.size == len(PDF)
        research_report_save(year=2022, title="Tweede", filename="b.pdf", data=PDF, acting_user=beheerder)
        assert ResearchReport.objects.get(year=2022).title == "Tweede"
        funded_award(call=call_of(2022), funded=[GENT])
        frozen_answer_create(year=2022, acting_user=beheerder)
        with pytest.raises(ValidationError, match="bevroren"):
            research_report_save(year=2022, title="Derde", filename="c.pdf", data=PDF, acting_user=beheerder)

    def test_upload_page(self, client, beheerder, reader):
        funded_award(call=call_of(2022), funded=[GENT])
        client.force_login(reader)
        assert client.get(reverse("reports:research-report", args=[2022])).status_code == 403
        client.force_login(beheerder)
        response = client.post(reverse("reports:research-report", args=[2022]), {
            "title": "Rapport", "file": _upload("rapport.pdf", PDF)})
        assert response.status_code == 302
        response = client.post(reverse("reports:research-report", args=[2022]), {
            "title": "Rapport", "file": _upload("rapport.txt", b"geen pdf")})
        assert response.status_code == 200 and "PDF-bestand" in response.content.decode()
        download = client.get(reverse("reports:research-report-download", args=[2022]))
        assert download.content == PDF

    def test_province_order_is_configurable(self, settings):
        funded_award(call=call_of(2022), funded=[GENT])
        assert [annex.title for annex in answer_content(year=2022, annexes=False).annexes[2:7]] == [
            "Kaart bereik Limburg", "Kaart bereik Antwerpen", "Kaart bereik Oost-Vlaanderen",
            "Kaart bereik Vlaams-Brabant", "Kaart bereik West-Vlaanderen"]
        settings.ANSWER_PROVINCE_ORDER = ["10000", "20001", "30000", "40000", "70000"]
        assert answer_content(year=2022, annexes=False).annexes[2].title == "Kaart bereik Antwerpen"

    def test_event_dashboards_count_per_month_and_province(self):
        import datetime

        from academies.models import Event
        from tests.factories import municipality

        funded_award(call=call_of(2022), funded=[GENT])
        Event.objects.create(uit_id="a", name="a", start_date=datetime.date(2022, 3, 1),
                             municipality=municipality(GENT), has_stem_label=True)
        Event.objects.create(uit_id="b", name="b", start_date=datetime.date(2022, 3, 9),
                             municipality=municipality(HASSELT))
        Event.objects.create(uit_id="c", name="c", start_date=datetime.date(2022, 11, 9))
        content = answer_content(year=2022, annexes=False)
        months, provinces = (table for _title, table in content.annex("events-all").tables)
        assert months.rows[2][1:3] == [2, 1] and months.rows[10][1:3] == [1, 0] and months.footer[1:3] == [3, 1]
        assert {row[0]: row[1] for row in provinces.rows} == {
            "Limburg": 1, "Antwerpen": 0, "Oost-Vlaanderen": 1, "Vlaams-Brabant": 0, "West-Vlaanderen": 0,
            "Geen gemeente gekend": 1}
        labelled = content.annex("events-labelled").tables[0][1]
        assert labelled.footer == ["Totaal", 1]
        assert "(bijlagen 8 en 9)" in " ".join(content.sentences())


@pytest.fixture
def reader():
    from tests.grants.portal_setup import reader as make_reader

    return make_reader(username="lezer-antwoord")


def _upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_a_caller_selects_parts_and_adds_text_blocks():
    """The entry point for other documents (issue 24's written questions): parts chosen, header and text blocks
    added, rendered by the same Word and PDF renderers."""
    report(award=funded_award(call=call_of(2022), funded=[GENT]), lines=[(GENT, 10, None, None, None)])
    content = answer_content(year=2022, parts=["children", "money"], annexes=False).with_blocks(
        header=["Schriftelijke vraag nr. 123 van 1 februari 2023"], before={"money": ["Inleiding bij de middelen."]},
        after={"children": ["Toelichting bij de deelnemers."]}, closing=["Met vriendelijke groeten."])
    assert [part.key for part in content.parts] == ["children", "money"]
    for text in (word_text(content), pdf_text(content)):
        order = [text.index(sentence) for sentence in (
            "Schriftelijke vraag nr. 123", "minstens 10 jongeren", "Toelichting bij de deelnemers.",
            "Inleiding bij de middelen.", "oproep gelanceerd", "Met vriendelijke groeten.")]
        assert order == sorted(order)
        assert "hadden 1 gemeenten" not in text

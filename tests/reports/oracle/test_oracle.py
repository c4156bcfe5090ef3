"""Every figure of the report pages and exports (CSV and XLSX) equals the independent reference computation
(tests/reports/oracle/reference.py) on random multi-year datasets loaded through the documented import formats, on the
year's own municipalities and on today's; and the invariants hold.

`ORACLE_EXAMPLES=500 make test` runs more examples than CI's default. On a mismatch the test prints every figure
that differs (figure, expected, shown) and hypothesis prints the smallest dataset it found."""

import csv
import html
import io
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import docx
import openpyxl
import pypdf
import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports.documents.bundle import annex_zip
from reports.documents.compare import figure_changes, reports_received_since
from reports.documents.content import answer_content
from reports.documents.docx import render_docx
from reports.documents.pdf import render_pdf
from reports.services import frozen_answer_create
from reports.years import is_programme_year
from tests.factories import StaffUserFactory
from tests.reports.oracle import reference as oracle
from tests.reports.oracle.dataset import Dataset, municipalities_in, places, province_names
from tests.reports.oracle.load import load
from tests.reports.oracle.strategies import datasets

EXAMPLES = int(os.environ.get("ORACLE_EXAMPLES", "50"))
DOCUMENT_EXAMPLES = int(os.environ.get("ORACLE_DOCUMENT_EXAMPLES", os.environ.get("ORACLE_EXAMPLES", "6")))
FILTERS = st.sampled_from([{}, {}, {"call_kind": "academy_rollout"}, {"call_kind": "partnership_project"},
                           {"organisation_type": "library"}])
NBSP = "\u00a0"

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


# --- reading what is shown -------------------------------------------------------------------------------------

def number(cell) -> Decimal | None:
    """A cell of an export (CSV text with a decimal comma, or an XLSX value) as a number; empty is None (not
    reported)."""
    if cell is None or cell == "":
        return None
    return Decimal(str(cell).replace(",", "."))


def belgian(text: str):
    """A figure as the page prints it: '1.234' -> 1234, '€ 1.234,50' -> 1234.50, '33,3%' -> 33.3, 'niet gekend' or
    empty -> None; '3 / 4' -> (3, 4)."""
    text = re.sub(r"<[^>]+>", "", text).replace(NBSP, " ").strip()
    if text in ("", "niet gekend", "–"):
        return None
    if " / " in text:
        return tuple(belgian(part) for part in text.split(" / "))
    text = text.replace("€", "").replace("%", "").strip().replace(".", "").replace(",", ".")
    return Decimal(text)


def csv_export(client, url: str) -> list[dict]:
    response = client.get(url + "&_export=csv" if "?" in url else url + "?_export=csv")
    assert response.status_code == 200, url
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def xlsx_export(client, url: str) -> list[dict]:
    response = client.get(url + "&_export=xlsx" if "?" in url else url + "?_export=xlsx")
    assert response.status_code == 200, url
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


class Comparison:
    def __init__(self):
        self.mismatches: list[str] = []
        self.checked = 0

    def check(self, figure: str, expected, shown) -> None:
        self.checked += 1
        if isinstance(expected, int | Decimal | Fraction) and isinstance(shown, int | Decimal | Fraction):
            same = expected == shown
        else:
            same = expected == shown
        if not same:
            self.mismatches.append(f"{figure}: expected {expected!r}, shown {shown!r}")

    def rows(self, where: str, expected: dict[str, dict], shown: dict[str, dict]) -> None:
        self.check(f"{where}: rows", sorted(expected), sorted(shown))
        for key, columns in expected.items():
            for column, value in columns.items():
                if column in shown.get(key, {}):
                    self.check(f"{where} [{key}] {column}", value, number(shown[key][column]))


def keyed(rows: list[dict], key: str, fallback: str | None = None) -> dict[str, dict]:
    return {str(row[key] or row[fallback]) if fallback else str(row[key]): row for row in rows}


# --- the property --------------------------------------------------------------------------------------------

def compare_municipalities(result: Comparison, client, ds: Dataset, year: int, today: bool, query: str) -> None:
    basis = "&basis=today" if today else ""
    url = reverse("reports:reach-by-municipality") + f"?year={year}{basis}{query}"
    expected = oracle.municipality_rows(ds, year, today)
    plain = {key: {column: value for column, value in row.items() if column not in ("Gemeente", "Provincie", "exact")}
             for key, row in expected.items()}
    exports = [("csv", csv_export(client, url))] + ([("xlsx", xlsx_export(client, url))] if not today else [])
    for name, rows in exports:
        shown = keyed(rows, "NIS-code", "Gemeente")
        result.rows(f"municipalities {year} {name}{' today' if today else ''}", plain, shown)
        for code in municipalities_in(year if not today else oracle.basis_of(year, True)):
            if code in shown:
                result.check(f"municipality {code} province ({name})", expected[code]["Provincie"],
                             shown[code]["Provincie"])
    # Invariants: the exact shares add up to the awards; each shown amount is within half a cent of its share.
    exact_total = sum(row["exact"] for key, row in expected.items() if "exact" in row)
    awarded = sum((Fraction(award.amount) for award in ds.awards_of(year)), Fraction(0))
    result.check(f"invariant {year}: exact amounts per municipality add up to the awards", awarded, exact_total)


def compare_provinces(result: Comparison, client, ds: Dataset, year: int, today: bool, query: str) -> None:
    basis = "&basis=today" if today else ""
    url = reverse("reports:reach-by-province") + f"?year={year}{basis}{query}"
    expected = oracle.province_rows(ds, year, today)
    exports = [("csv", csv_export(client, url))] + ([("xlsx", xlsx_export(client, url))] if not today else [])
    for name, rows in exports:
        result.rows(f"provinces {year} {name}{' today' if today else ''}", expected, keyed(rows, "Provincie"))
    provinces = [row for key, row in expected.items() if key not in (oracle.UNATTRIBUTED, oracle.FLANDERS)]
    flanders = expected[oracle.FLANDERS]
    for column in ("Gemeenten in de provincie", "Bereikt (toekenningen)", "Bereikt (eindrapportages)"):
        result.check(f"invariant {year}: {column} per province adds up to Flanders",
                     flanders[column], sum(row[column] for row in provinces))
    participants = oracle.known_sum([*(row["Deelnemers (minstens)"] for row in provinces),
                                     expected[oracle.UNATTRIBUTED]["Deelnemers (minstens)"]])
    result.check(f"invariant {year}: participants per province + not attributable = the year's total",
                 oracle.participation_rows(ds, year)[""]["Deelnemers (minstens)"], participants)
    reached = {code for award in ds.awards_of(year) for code in award.municipalities}
    if not today:
        result.check(f"invariant {year}: a municipality counts once however many academies reach it",
                     len(reached), flanders["Bereikt (toekenningen)"])


def compare_participation(result: Comparison, client, ds: Dataset, year: int, query: str) -> None:
    expected = oracle.participation_rows(ds, year)
    wanted = {label: {column: value for column, value in row.items() if column[0].isupper()}
              for label, row in expected.items() if label}
    rows = csv_export(client, reverse("reports:participation") + f"?year={year}{query}")
    result.rows(f"participation {year} csv", wanted, keyed(rows, "Soort organisatie"))


def compare_money(result: Comparison, client, ds: Dataset, query: str) -> None:
    expected = {code: {column: value for column, value in row.items() if column[0].isupper()}
                for code, row in oracle.money_rows(ds).items()}
    result.rows("money csv", expected, keyed(csv_export(client, reverse("reports:money") + query), "Oproep"))


def compare_trend(result: Comparison, client, ds: Dataset, today: bool, query: str) -> None:
    url = reverse("reports:trend") + "?basis=" + ("today" if today else "own") + query
    expected = {str(year): row for year, row in oracle.trend_rows(ds, today=today).items()}
    for name, rows in (("csv", csv_export(client, url)), ("xlsx", xlsx_export(client, url))):
        result.rows(f"trend {name}{' today' if today else ''}", expected, keyed(rows, "Jaar"))


@dataclass
class AnswerSurface:
    """One rendering of the answer as read back: its plain text, and where it has them, the cells of its province
    table and of its overview per year ({row label: [cell text]})."""

    text: str
    provinces: dict[str, list[str]] | None = None
    overview: dict[str, list[str]] | None = None


def html_rows(page: str, table_pattern: str) -> dict[str, list[str]] | None:
    table = re.search(table_pattern, page, re.S)
    if table is None:
        return None
    return {label: re.findall(r'<td class="num">(.*?)</td>', cells)
            for label, cells in re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', table.group(1))}


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(text).replace(NBSP, " ")).strip()


def page_surface(client, year: int) -> AnswerSurface:
    page = re.sub(r"\s+", " ", client.get(reverse("reports:answer-sheet", args=[year])).content.decode())
    return AnswerSurface(plain(re.sub(r"<[^>]+>", " ", page)),
                         html_rows(page, r'id="answer-province-table">(.*?)</table>'),
                         html_rows(page, r'id="answer-overview">(.*?)</table>'))


def word_surface(data: bytes) -> AnswerSurface:
    document = docx.Document(io.BytesIO(data))
    tables = {}
    for table in document.tables:
        rows = [[plain(cell.text) for cell in row.cells] for row in table.rows]
        tables.setdefault(rows[0][0], {row[0]: row[1:] for row in rows[1:]})
    return AnswerSurface(plain("\n".join(paragraph.text for paragraph in document.paragraphs)),
                         tables.get("Provincie"), tables.get("Jaar"))


def pdf_surface(data: bytes, status_line: str) -> AnswerSurface:
    pages = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]
    text = plain(" ".join(re.sub(r"\s\d+$", "", plain(page).replace(plain(status_line), "")) for page in pages))
    return AnswerSurface(re.sub(r"(?<=\w)- (?=\w)", "-", text))


def compare_answer(result: Comparison, ds: Dataset, year: int, where: str, surface: AnswerSurface) -> None:
    """The figures of the answer for `year` as `surface` shows them against the oracle."""
    text = surface.text
    provinces = oracle.province_rows(ds, year)
    if surface.provinces is not None:
        shown = {name: [belgian(cell) for cell in cells] for name, cells in surface.provinces.items()}
        result.check(f"{where} {year}: province rows", sorted(provinces), sorted(shown))
        for name, row in provinces.items():
            if name not in shown:
                continue
            received = row["Eindrapportages ontvangen"]
            counted = row["Ontvangen met aantal deelnemers"]
            expected = [row["Gemeenten in de provincie"], row["Bereikt (eindrapportages)"],
                        None if row["Aandeel (eindrapportages)"] is None else
                        oracle.percent(row["Bereikt (eindrapportages)"], row["Gemeenten in de provincie"], 0),
                        row["Bereikt (toekenningen)"], row["Deelnemers (minstens)"],
                        Decimal(counted) if received is None else (counted, received),
                        *(oracle.percent(*pair, 0) if pair else None for pair in pooled_pairs(ds, year, name)),
                        row["Rapportages met genderverdeling"]]
            result.check(f"{where} {year} [{name}] row", [normal(value) for value in expected],
                         [normal(value) for value in shown[name]])
    total = oracle.participation_rows(ds, year)[""]
    at_least = re.search(r"minstens ([\d.]+) jongeren?\b", text)
    result.check(f"{where} {year}: participants (at least)", total["Deelnemers (minstens)"],
                 None if at_least is None else int(at_least.group(1).replace(".", "")))
    if total["Deelnemers (minstens)"] is None:
        result.check(f"{where} {year}: unknown participants said so", True,
                     f"Het aantal bereikte jongeren in {year} is niet gekend" in text)
    if total["academies with split"]:
        pooled = re.search(r"gemiddeld (\d+)% jongens en (\d+)% meisjes", text)
        mean = re.search(r"over de (\d+) academies? .*? is (\d+)% jongens en (\d+)% meisjes", text)
        result.check(f"{where} {year}: pooled boys/girls", (oracle.half_up(total["pooled boys exact"] * 100, 0),
                                                            oracle.half_up(total["pooled girls exact"] * 100, 0)),
                     pooled and (Decimal(pooled.group(1)), Decimal(pooled.group(2))))
        result.check(f"{where} {year}: mean of academies (n, boys, girls)",
                     (total["academies with split"], oracle.half_up(total["mean boys exact"] * 100, 0),
                      oracle.half_up(total["mean girls exact"] * 100, 0)),
                     mean and (int(mean.group(1)), Decimal(mean.group(2)), Decimal(mean.group(3))))
    next_year = oracle.reserved(ds, year + 1)
    budget = re.search(r"Voor \d{4} werd er in de begroting (€ [\d.,]+) voorzien", text)
    result.check(f"{where} {year}: reserved for {year + 1}", next_year,
                 None if budget is None else belgian(budget.group(1)))
    rollout = oracle.money_by_kind(ds, year, "academy_rollout")
    if rollout is not None:
        sentence = re.search(r"(€ [\d.,]+) toegekend aan (\d+) STEM-academies?", text)
        result.check(f"{where} {year}: rollout amount and academies", (rollout["awarded"], rollout["academies"]),
                     sentence and (belgian(sentence.group(1)), int(sentence.group(2))))
    trend = oracle.trend_rows(ds, until=year)
    if year - 1 in trend and year in trend:
        went = re.search(r"ging van (.+?) in (\d{4}) naar (.+?) in (\d{4})\.", text)
        result.check(f"{where} {year}: participants previous year -> this year",
                     (trend[year - 1]["Deelnemers (minstens)"], trend[year]["Deelnemers (minstens)"]),
                     went and (belgian(went.group(1)), belgian(went.group(3))))
    if surface.overview is not None:
        shown_years = {int(label): [belgian(cell) for cell in cells] for label, cells in surface.overview.items()}
        result.check(f"{where} {year}: years of the overview", sorted(trend), sorted(shown_years))
        for row_year, row in trend.items():
            if row_year in shown_years:
                expected = [row["Gemeenten (eindrapportages)"], row["Gemeenten (toekenningen)"],
                            row["Gesubsidieerde academies"], row["Erkende academies"], row["Deelnemers (minstens)"],
                            row["Toegekend bedrag"], row["UiT-evenementen"], row["met label STEM-academie"]]
                result.check(f"{where} {year}: overview {row_year}", [normal(value) for value in expected],
                             [normal(value) for value in shown_years[row_year]])


def compare_answer_sheet(result: Comparison, client, ds: Dataset, year: int) -> None:
    compare_answer(result, ds, year, "answer page", page_surface(client, year))


def compare_zip(result: Comparison, ds: Dataset, year: int, data: bytes) -> None:
    """Every file of the annex ZIP opens; annex 1 (CSV and XLSX) and the overview per year hold the oracle's
    figures."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    for name in archive.namelist():
        content = archive.read(name)
        opened = (openpyxl.load_workbook(io.BytesIO(content)) if name.endswith(".xlsx") else
                  pypdf.PdfReader(io.BytesIO(content)) if name.endswith(".pdf") else content)
        result.check(f"zip {year}: {name} opens", True, bool(opened) and len(content) > 0)
    expected = oracle.municipality_rows(ds, year)
    annex_1 = next(name for name in archive.namelist() if name.startswith("bijlage-01-") and name.endswith(".csv"))
    rows = list(csv.DictReader(io.StringIO(archive.read(annex_1).decode("utf-8-sig")), delimiter=";"))
    shown = {row["NIS-code"]: row for row in rows}
    reached = {code: row for code, row in expected.items()
               if code.isdigit() and (row["Toekenningen"] or row["Academies (eindrapportages)"])}
    result.check(f"zip {year}: annex 1 municipalities", sorted(reached), sorted(shown))
    for code, row in reached.items():
        if code in shown:
            for column in ("Academies (toekenningen)", "Academies (eindrapportages)", "Deelnemers", "Jongens",
                           "Meisjes"):
                result.check(f"zip {year}: annex 1 [{code}] {column}", row[column], number(shown[code][column]))
    trend = oracle.trend_rows(ds, until=year)
    overview = next((name for name in archive.namelist() if "overzicht-per-jaar" in name and name.endswith(".csv")),
                    None)
    rows = [] if overview is None else list(csv.DictReader(io.StringIO(
        archive.read(overview).decode("utf-8-sig")), delimiter=";"))
    shown_years = {int(row["Jaar"]): row for row in rows}
    result.check(f"zip {year}: overview years", sorted(trend), sorted(shown_years))
    for row_year, row in trend.items():
        if row_year in shown_years:
            for column, header in (("Deelnemers (minstens)", "Deelnemers (minstens)"),
                                   ("Gemeenten (eindrapportages)", "Gemeenten (eindrapportages)"),
                                   ("Toegekend bedrag", "Toegekend bedrag")):
                result.check(f"zip {year}: overview {row_year} {column}", row[column],
                             number(shown_years[row_year][header]))


def compare_documents(result: Comparison, ds: Dataset, year: int) -> None:
    """The Word answer, the PDF answer and the annex ZIP of one `AnswerContent`, and the frozen answer's figures."""
    content = answer_content(year=year)
    compare_answer(result, ds, year, "word", word_surface(render_docx(content)))
    compare_answer(result, ds, year, "pdf", pdf_surface(render_pdf(content), content.status_line))
    compare_zip(result, ds, year, annex_zip(content))


def compare_frozen(result: Comparison, ds: Dataset, later: Dataset, year: int, folder: Path) -> None:
    """Freezes the answer, checks its stored figures against the oracle, imports `later` (one more received final
    report) and checks "compare with today" against the oracle of the new data."""
    user = StaffUserFactory(username=f"bevriezer-{year}")
    frozen = frozen_answer_create(year=year, acting_user=user)
    figures = {figure["key"]: figure for figure in frozen.figures}
    total = oracle.participation_rows(ds, year)[""]
    expected = {"participants": total["Deelnemers (minstens)"], "reports_received": len(ds.received_reports_of(year)),
                "municipalities_confirmed": oracle.province_rows(ds, year)[oracle.FLANDERS][
                    "Bereikt (eindrapportages)"]}
    for key, value in expected.items():
        result.check(f"frozen {year}: {key}", value, figures[key]["value"])
    compare_answer(result, ds, year, "frozen word", word_surface(bytes(frozen.docx)))
    if later is None:
        return
    (folder / "later").mkdir()
    load(later, folder / "later")
    changes = {change.key: change for change in figure_changes(frozen)}
    received_now = len(later.received_reports_of(year))
    if received_now != len(ds.received_reports_of(year)):
        result.check(f"compare {year}: reports received", (str(len(ds.received_reports_of(year))),
                                                          str(received_now)),
                     (changes["reports_received"].before, changes["reports_received"].after)
                     if "reports_received" in changes else None)
        result.check(f"compare {year}: received since the freeze said", True,
                     "ontvangen na" in reports_received_since(frozen))


def pooled_pairs(ds: Dataset, year: int, name: str):
    """(boys, split total) and (girls, split total) of one answer-sheet province row, exact."""
    reports = ds.received_reports_of(year)
    if name == oracle.UNATTRIBUTED:
        items = list(reports)
    elif name == oracle.FLANDERS:
        items = [*reports, *(line for report in reports for line in report.lines)]
    else:
        items = [line for report in reports for line in report.lines
                 if province_names()[places()[line.municipality].province] == name]
    items = [item for item in items if oracle.has_split(item.boys, item.girls, item.other)]
    boys, girls, other = (sum(getattr(item, part) or 0 for item in items) for part in ("boys", "girls", "other"))
    if not boys + girls + other:
        return None, None
    return (boys, boys + girls + other), (girls, boys + girls + other)


def normal(value):
    if isinstance(value, tuple):
        return tuple(normal(part) for part in value)
    return None if value is None else Decimal(value)


@settings(max_examples=EXAMPLES, deadline=None, database=None, print_blob=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(case=datasets(), today=st.booleans(), filters=FILTERS)
def test_every_figure_equals_the_oracle(reader_client, case, today, filters):
    client = reader_client
    ds, year = case
    seen = ds.filtered(**filters)
    query = "".join(f"&{name}={value}" for name, value in filters.items())
    result = Comparison()
    with transaction.atomic(), tempfile.TemporaryDirectory() as folder:
        load(ds, Path(folder))
        compare_municipalities(result, client, seen, year, today, query)
        compare_provinces(result, client, seen, year, today, query)
        compare_participation(result, client, seen, year, query)
        compare_money(result, client, ds.filtered(call_kind=filters.get("call_kind")),
                      f"?call_kind={filters['call_kind']}" if "call_kind" in filters else "")
        compare_trend(result, client, seen, today, query)
        if year >= oracle.PROGRAMME_START:
            compare_answer_sheet(result, client, ds, year)
        else:  # a year before the programme has no answer (issue 21, point 10)
            result.check(f"answer {year}: status", 404,
                         client.get(reverse("reports:answer-sheet", args=[year])).status_code)
        transaction.set_rollback(True)
    assert not result.mismatches, f"{len(result.mismatches)} figures differ:\n" + "\n".join(result.mismatches[:40])
    assert result.checked > 100


@settings(max_examples=DOCUMENT_EXAMPLES, deadline=None, database=None, print_blob=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(case=datasets())
def test_every_document_figure_equals_the_oracle(reader_client, case):
    """The Word answer, the PDF answer, every file of the annex ZIP, the frozen answer and its "compare with today"
    after a later import, against the oracle (fewer examples: each renders the documents)."""
    ds, year = case
    result = Comparison()
    with transaction.atomic(), tempfile.TemporaryDirectory() as folder:
        load(ds, Path(folder))
        compare_documents(result, ds, year)
        if is_programme_year(year):  # a year outside the programme cannot be frozen (its answer page is a 404)
            compare_frozen(result, ds, ds.with_one_more_report(year), year, Path(folder))
        transaction.set_rollback(True)
    assert not result.mismatches, f"{len(result.mismatches)} figures differ:\n" + "\n".join(result.mismatches[:40])
    assert result.checked > 20

"""The money after the award (awarded, settled, released, paid, still to pay, to recover) equals the independent
reference computation (tests/reports/oracle/money.py) on random data, on every surface it leaves by: the staff page
"stand op" a day, the answer's question 2, the read API, the 360Giving package (amountDisbursed, JSON and CSV), the
exports of payments and settlements, the award's money page and the subsidy register."""

import csv
import datetime
import io
import os
import re
from collections import defaultdict
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api import giving
from api.services import token_create
from reports.documents.content import answer_content
from tests.grants.portal_setup import manager, reader
from tests.reports.oracle import money as oracle
from tests.reports.oracle.money_load import YEARS, load, money_datasets

EXAMPLES = int(os.environ.get("ORACLE_EXAMPLES", "8"))
NBSP = "\u00a0"
YEAR_ROW = re.compile(
    r'<tr class="fw-bold[^"]*">\s*<th [^>]*scope="row">(\d{4})</th>\s*<td [^>]*>[^<]*</td>((?:\s*<td class="num"[^>]*>'
    r"[^<]*</td>)+)"
)
FACTS = {
    "legal_basis": "Besluit (test)",
    "legal_basis_type": "http://example.org/type",
    "budget_article": "X",
    "funder_kbo": "0123456749",
    "de_minimis": "nee",
    "objective": "http://example.org/o",
    "instrument": "http://example.org/i",
}

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def euro(text: str) -> Decimal:
    """'€ 1.234,50' (page) or '1234,50' (CSV) as a Decimal."""
    return Decimal(text.replace(NBSP, " ").replace("€", "").strip().replace(".", "").replace(",", "."))


def csv_rows(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def check_page(client, rows, on):
    page = client.get(f"/rapporten/middelen/betalingen/?stand_op={on:%d/%m/%Y}").content.decode()
    shown = {
        int(year): [euro(cell) for cell in re.findall(r'<td class="num"[^>]*>([^<]*)</td>', cells)]
        for year, cells in YEAR_ROW.findall(page)
    }
    for year in {row.year for row in rows}:
        want = oracle.year_figures(rows, year, on)
        assert shown[year] == [want[name] for name in oracle.FIGURES], (year, on)
        assert want["paid"] == want["advances"] + want["balances"] - want["recoveries_received"]
        assert want["awarded"] == want["settled"] + want["released"] + want["not_settled"]


def check_answer(rows, on):
    for year in YEARS:
        figures = {
            figure.key: figure.value
            for figure in answer_content(year=year, as_of=on, annexes=False).figures
            if figure.key.startswith("payments_")
        }
        if not oracle.has_money_after_award(rows, year):
            assert figures == {}, year
            continue
        want = oracle.year_figures(rows, year, on)
        assert {key: Decimal(value) for key, value in figures.items()} == {
            f"payments_{name}": want[name] for name in ("paid", "settled", "still_to_pay", "to_recover")
        }, year


def check_api(client, key, rows):
    header = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    paid, open_ = defaultdict(Decimal), defaultdict(Decimal)
    for item in client.get("/api/v1/payments", **header).json()["items"]:
        target = paid if item["status"] == "paid" else open_
        target[item["call"], item["academy_code"]] += Decimal(str(item["amount"]))
    settled = {
        (item["call"], item["academy_code"]): Decimal(str(item["decided_amount"]))
        for item in client.get("/api/v1/settlements", **header).json()["items"]
    }
    for row in rows:
        assert paid[row.call, row.academy] == oracle.paid_out(row)
        assert open_[row.call, row.academy] == oracle.still_to_pay(row)
    assert settled == {(row.call, row.academy): row.settled for row in rows if row.settled is not None}


def check_giving(rows):
    grants = {item["id"]: item for item in giving.package(years=None)["grants"]}
    flat = {line["Identifier"]: line for line in csv.DictReader(io.StringIO(giving.package_csv(years=None)))}
    for row in rows:
        item = grants[f"{django_settings.GIVING_ID_PREFIX}-{row.call}-{row.academy}"]
        if any(payment.status == "paid" for payment in row.payments) or oracle.received(row):
            assert Decimal(str(item["amountDisbursed"])) == oracle.paid(row)
            assert Decimal(flat[item["id"]]["Amount Disbursed"]) == oracle.paid(row)
        else:
            assert "amountDisbursed" not in item


def check_exports(client, rows):
    payments = csv_rows(client.get("/beheer/betalingen/export/betalingen.csv").content)
    paid, open_ = defaultdict(Decimal), defaultdict(Decimal)
    for line in payments:
        (paid if line["betaald op"] else open_)[line["oproep"], line["academiecode"]] += euro(line["bedrag"])
    settlements = csv_rows(client.get("/beheer/betalingen/export/afrekeningen.csv").content)
    settled = {(line["oproep"], line["academiecode"]): euro(line["vastgesteld bedrag"]) for line in settlements}
    for row in rows:
        assert (paid[row.call, row.academy], open_[row.call, row.academy]) == (
            oracle.paid_out(row),
            oracle.still_to_pay(row),
        )
    assert settled == {(row.call, row.academy): row.settled for row in rows if row.settled is not None}


def check_award_pages(client, loaded):
    for row, award in loaded.items():
        page = client.get(f"/beheer/betalingen/toekenningen/{award.pk}/").content.decode()
        cells = {
            name: euro(value)
            for name, value in re.findall(
                r'<td class="text-end" id="(paid|still-due)">'
                r"([^<]*)</td>",
                page,
            )
        }
        assert cells == {"paid": oracle.paid(row), "still-due": oracle.still_to_pay(row)}, row


def check_register(client, rows, year, quarter):
    end = datetime.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - datetime.timedelta(days=1)
    content = client.get(f"/beheer/betalingen/subsidieregister/?jaar={year}&kwartaal={quarter}&formaat=csv").content
    shown = {line["dossierreferentie"]: euro(line["uitgekeerd bedrag"]) for line in csv_rows(content)}
    by_reference = {f"{row.call}/{row.academy}": row for row in rows}
    for reference, amount in shown.items():
        assert amount == oracle.paid(by_reference[reference], on=end), reference


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=money_datasets(),
    on=st.dates(datetime.date(2021, 1, 1), datetime.date(2025, 12, 31)),
    quarter=st.tuples(st.sampled_from(YEARS + (2024,)), st.integers(1, 4)),
)
def test_money_figures_equal_the_oracle_on_every_surface(client, settings, rows, on, quarter):
    settings.SUBSIDIEREGISTER = FACTS
    with transaction.atomic():
        staff, approver = manager("anna"), manager("bert")
        loaded = load(rows, staff=staff, approver=approver)
        _token, key = token_create(name="oracle", user=reader("lezer"), created_by=staff)
        client.force_login(staff)
        check_page(client, rows, on)
        check_answer(rows, on)
        check_api(client, key, rows)
        check_giving(rows)
        check_exports(client, rows)
        check_award_pages(client, loaded)
        check_register(client, rows, *quarter)
        transaction.set_rollback(True)

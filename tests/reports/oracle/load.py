"""Writes a dataset as the documented import files (docs/import-formats.md) and loads them with
`manage.py import_data KIND FILE`, in the documented order."""

import csv
import io
from pathlib import Path

from django.core.management import call_command

from tests.reports.oracle.dataset import Dataset


def _belgian(amount) -> str:
    """464500.5 -> '464.500,50': the Belgian way, as office software writes it."""
    whole, _dot, cents = f"{amount:.2f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return ".".join(groups) + "," + cents


def _cell(value) -> str:
    return "" if value is None else str(value)


def files(ds: Dataset) -> dict[str, list[list[str]]]:
    academies = [["code", "naam", "type_organisatie", "gemeente_zetel", "email"]] + [
        [academy.code, f"Academie {academy.code}", academy.organisation_type, "44021", f"{academy.code}@example.org"]
        for academy in ds.academies]
    calls = [["code", "jaar", "soort", "titel", "budget", "opent_op", "sluit_op", "bedrag_per_gemeente"]] + [
        [call.code, str(call.year), call.kind, call.code, _belgian(call.budget), f"01/11/{call.year - 1}",
         f"31/01/{call.year} 17:00", "2.500,00" if call.kind == "academy_rollout" else ""] for call in ds.calls]
    awards = [["oproep", "academie", "bedrag", "beslist_op", "gemeenten", "motivering_bedrag"]] + [
        [award.call, award.academy, _belgian(award.amount), f"04/05/{ds.call(award.call).year}",
         ", ".join(award.municipalities), "beslist door de raad van bestuur"] for award in ds.awards]
    reports = [["oproep", "academie", "status", "gemeente", "halve_dagen", "deelnemers", "jongens", "meisjes",
                "andere", "niet_toewijsbaar_deelnemers", "niet_toewijsbaar_jongens", "niet_toewijsbaar_meisjes",
                "niet_toewijsbaar_andere"]]
    for report in ds.reports:
        totals = [_cell(report.participants), _cell(report.boys), _cell(report.girls), _cell(report.other)]
        if not report.lines:
            reports.append([report.call, report.academy, report.status, "", "", "", "", "", "", *totals])
        for index, line in enumerate(report.lines):
            reports.append([report.call, report.academy, report.status if index == 0 else "", line.municipality, "2",
                            _cell(line.participants), _cell(line.boys), _cell(line.girls), _cell(line.other),
                            *(totals if index == 0 else ["", "", "", ""])])
    events = [["uit_id", "naam", "startdatum", "labels"]] + [
        [event.uit_id, f"Evenement {event.uit_id}",
         event.start_date.strftime("%d/%m/%Y") if event.start_date else "",
         "STEM-academie; kamp" if event.labelled else "kamp"] for event in ds.events]
    recognitions = [["academie", "geldig_vanaf", "geldig_tot"]] + [
        [recognition.academy, recognition.valid_from.strftime("%d/%m/%Y"),
         recognition.valid_to.isoformat() if recognition.valid_to else ""] for recognition in ds.recognitions]
    budgets = [["jaar", "bedrag"]] + [[str(budget.year), _belgian(budget.amount)] for budget in ds.budgets]
    return {"academies": academies, "recognitions": recognitions, "calls": calls, "yearbudgets": budgets,
            "awards": awards, "finalreports": reports, "events": events}


def load(ds: Dataset, folder: Path) -> None:
    for kind, rows in files(ds).items():
        if len(rows) == 1:
            continue
        path = folder / f"{kind}.csv"
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=";").writerows(rows)
        path.write_text(buffer.getvalue(), encoding="utf-8")
        call_command("import_data", kind, str(path), stdout=io.StringIO(), stderr=io.StringIO())

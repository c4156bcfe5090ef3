"""The archive export (issue 22): `export_all DIR` writes every import kind, the frozen answers and a manifest;
imported into an empty database, the archive gives every report figure as before."""

import dataclasses
import datetime
import hashlib
import io
import json
from collections.abc import Sequence

import pytest
from django.core.management import CommandError, call_command

from academies.models import Academy, Event
from exchange.archive import ARCHIVE_ORDER
from grants.models import Award, FinalReport
from reports.documents.content import answer_content
from reports.models import FrozenAnswer
from reports.selectors.live.money import live_money as money
from reports.selectors.live.municipalities import live_reach_by_municipality as reach_by_municipality
from reports.selectors.live.participation import live_participation as participation
from reports.selectors.live.reach import live_reach_by_province as reach_by_province
from reports.selectors.live.trend import live_trend as trend
from reports.services import frozen_answer_create
from reports.years import years_with_data
from tests.exchange.test_round_trip import empty_database
from tests.factories import AcademyFactory, StaffUserFactory

AS_OF = datetime.date(2026, 6, 30)


def report_figures() -> dict:
    """Every figure of the report pages and of the answer, per year with data (the live selectors, not the stored
    figures), as plain data. The money after the award (the answer's `payments_*` figures) is left out: payments,
    settlements and bank accounts are not in the archive yet (issue 22 note)."""
    figures = {"money": money(), "trend": trend()}
    for year in sorted(years_with_data()):
        figures[str(year)] = {
            "reach_by_province": reach_by_province(year=year),
            "reach_by_municipality": reach_by_municipality(year=year),
            "participation": participation(year=year),
            "money": money(year=year),
            "trend": trend(until_year=year),
            "answer": [(figure.key, figure.value) for figure in answer_content(year=year, as_of=AS_OF,
                                                                                annexes=False).figures
                       if not figure.key.startswith("payments_")],
        }
    codes = dict(Academy.objects.values_list("pk", "code"))
    return _academy_codes(json.loads(json.dumps(figures, default=_plain, sort_keys=True)), codes)


def _academy_codes(value, codes: dict, key: str = ""):
    """Academy ids (which differ after an import) as their codes."""
    if isinstance(value, dict):
        if key == "academy_splits":
            return {codes[int(name)]: item for name, item in value.items()}
        return {name: _academy_codes(item, codes, name) for name, item in value.items()}
    if isinstance(value, list):
        items = [_academy_codes(item, codes, key) for item in value]
        return sorted(codes[item] for item in items) if key == "academies" else items
    return value


def _plain(value):
    if dataclasses.is_dataclass(value):
        return {field.name: getattr(value, field.name) for field in dataclasses.fields(value)}
    if isinstance(value, Sequence | set | frozenset) and not isinstance(value, str | bytes):
        return list(value)
    return str(value)


def differences(before, after, path="") -> list[str]:
    if isinstance(before, dict) and isinstance(after, dict):
        return [line for key in sorted(set(before) | set(after))
                for line in differences(before.get(key), after.get(key), f"{path}/{key}")]
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        return [line for index, (old, new) in enumerate(zip(before, after, strict=True))
                for line in differences(old, new, f"{path}[{index}]")]
    return [] if before == after else [f"{path}: {before!r} -> {after!r}"[:300]]


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0, stdout=io.StringIO())


@pytest.mark.django_db
def test_export_all_then_import_all_into_an_empty_database_gives_every_report_figure(demo, tmp_path):
    frozen = frozen_answer_create(year=2022, acting_user=StaffUserFactory())
    before = report_figures()
    assert before["2022"]["answer"] and Award.objects.count() > 50 and FinalReport.objects.exists()
    archive = tmp_path / "archief"
    call_command("export_all", str(archive), stderr=io.StringIO())

    manifest = json.loads((archive / "manifest.json").read_text("utf-8"))
    assert manifest["import_order"] == list(ARCHIVE_ORDER)
    assert manifest["counts"]["awards"] == Award.objects.count()
    assert manifest["counts"]["academies"] == Academy.objects.count()
    assert manifest["counts"]["events"] == Event.objects.count()
    assert manifest["counts"]["frozen-answers"] == FrozenAnswer.objects.count()
    for entry in manifest["files"]:
        assert hashlib.sha256((archive / entry["path"]).read_bytes()).hexdigest() == entry["sha256"]
    [answer] = [entry for entry in manifest["frozen_answers"] if entry["id"] == frozen.pk]
    parts = b"".join((archive / path).read_bytes() for path in answer["files"])
    assert hashlib.sha256(parts).hexdigest() == answer["content_hash"] == frozen.content_hash
    assert (archive / answer["files"][2]).read_bytes().startswith(b"%PDF")

    empty_database()
    assert not Award.objects.exists() and report_figures() != before
    call_command("import_all", str(archive), stderr=io.StringIO())
    found = differences(before, report_figures())
    assert found == [], "\n".join(found[:60])
    assert FrozenAnswer.objects.count() == manifest["counts"]["frozen-answers"]


@pytest.mark.django_db
def test_a_changed_file_is_refused_before_anything_is_imported(tmp_path):
    AcademyFactory(code="a", name="A")
    call_command("export_all", str(tmp_path / "archief"), stderr=io.StringIO())
    path = tmp_path / "archief" / "academies.csv"
    path.write_bytes(path.read_bytes().replace(b"A", b"B"))
    Academy.objects.all().delete()
    with pytest.raises(CommandError):
        call_command("import_all", str(tmp_path / "archief"), stderr=io.StringIO())
    assert not Academy.objects.exists()


@pytest.mark.django_db
def test_export_all_refuses_a_directory_that_is_not_empty(tmp_path):
    (tmp_path / "iets.txt").write_text("x")
    with pytest.raises(CommandError):
        call_command("export_all", str(tmp_path), stderr=io.StringIO())

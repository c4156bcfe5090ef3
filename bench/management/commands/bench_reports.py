"""Benchmark of the report pages on synthetic data at several scale factors; prints one JSON object on stdout.

The data goes into a throwaway database next to the configured one (`<NAME>_bench` on PostgreSQL, a temporary file
on SQLite), created with Django's test-database machinery and dropped at the end: the configured database and the
tests' database are never touched. Scale 1 is about Flanders: 300 municipalities, 250 academies with an award a
year (plus partnership projects), 8 years, final reports with municipality lines, UiT events.
"""

import io
import json
import logging
import math
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from academies.models import Academy, Event, Municipality, OrganisationType, Province, Recognition
from grants.models import (
    Application,
    ApplicationStatus,
    Award,
    Call,
    CallKind,
    FinalReport,
    FinalReportLine,
    FinalReportStatus,
    YearBudget,
)
from reports.models import DataYearVersion, MunicipalityBoundary, StoredFigures

YEARS = list(range(2017, 2025))
BENCH_YEAR = 2023
BENCH_USER = "bench"
BATCH = 5000
PROVINCE_PREFIX = {"10000": "1", "20001": "2", "30000": "3", "40000": "4", "70000": "7"}
ORGANISATION_TYPES = [choice for choice, _label in OrganisationType.choices]

PAGES = {
    "answer-sheet": ("reports:answer-sheet", {"year": BENCH_YEAR}, ""),
    "reach-by-province": ("reports:reach-by-province", {}, f"?year={BENCH_YEAR}"),
    "reach-by-municipality": ("reports:reach-by-municipality", {}, f"?year={BENCH_YEAR}&sort=-participants"),
    "reach-by-municipality.csv": ("reports:reach-by-municipality", {}, f"?year={BENCH_YEAR}&_export=csv"),
    "reach-by-municipality.xlsx": ("reports:reach-by-municipality", {}, f"?year={BENCH_YEAR}&_export=xlsx"),
    "participation": ("reports:participation", {}, f"?year={BENCH_YEAR}"),
    "money": ("reports:money", {}, ""),
    "trend": ("reports:trend", {}, ""),
    "trend-today": ("reports:trend", {}, "?basis=today"),
    "map-flanders": ("reports:map", {}, f"?year={BENCH_YEAR}&measure=participants"),
    "map-flanders.image": ("reports:map", {}, f"?year={BENCH_YEAR}&measure=participants&format=image"),
    "map-province.svg": ("reports:map", {}, f"?year={BENCH_YEAR}&province=40000&format=svg"),
    "answer-map-flanders.svg": ("reports:answer-map", {"year": BENCH_YEAR, "number": 2}, ""),
}
# Images a page loads after it, timed without a floor of their own (the map of Flanders is the map page's figures).
WITHOUT_FLOOR = {"answer-map-flanders.svg"}

WRITE = "final-report-write"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def wipe() -> None:
    """Empties the scratch database's data. On PostgreSQL by TRUNCATE (deleting a scale's 2.5 million rows one
    history record at a time takes hours), which fires no trigger: the stored figures go with it."""
    models = (Event, FinalReportLine, FinalReport, Award.funded_municipalities.through, Award, Application,
              Call, YearBudget, Recognition, Academy, MunicipalityBoundary)
    if connection.vendor == "postgresql":
        tables = [model._meta.db_table for model in (*models, StoredFigures, DataYearVersion)]
        histories = [model.history.model._meta.db_table for model in models if hasattr(model, "history")]
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join([*tables, *histories])} CASCADE")
    else:
        for model in models:
            model.objects.all().delete()
    Municipality.objects.update(successor=None)
    Municipality.objects.all().delete()


def build(scale: int, seed: int = 2022) -> dict:
    """Synthetic data for one scale factor; returns the row counts."""
    rng = random.Random(seed + scale)
    wipe()
    if not Province.objects.exists():
        call_command("loaddata", "provinces", verbosity=0)
    municipality_count = 300 * scale
    per_province = math.ceil(municipality_count / len(PROVINCE_PREFIX))
    grid = math.ceil(math.sqrt(municipality_count))
    municipalities, boundaries = [], []
    for index in range(municipality_count):
        province = list(PROVINCE_PREFIX)[index // per_province]
        code = f"{PROVINCE_PREFIX[province]}{index % per_province + 1:04d}"
        municipalities.append(Municipality(nis_code=code, name_nl=f"Gemeente {code}", province_id=province))
        x, y = (index % grid) * 10.0, (index // grid) * 10.0
        boundaries.append(MunicipalityBoundary(municipality_id=code, path=f"M{x:g} {y:g}h10v10h-10Z", min_x=x,
                                               min_y=y, max_x=x + 10, max_y=y + 10, source="bench"))
    Municipality.objects.bulk_create(municipalities, batch_size=BATCH)
    MunicipalityBoundary.objects.bulk_create(boundaries, batch_size=BATCH)
    codes = [municipality.nis_code for municipality in municipalities]

    academies = Academy.objects.bulk_create(
        [Academy(code=f"bench-{index}", name=f"Academie {index}", contact_email=f"a{index}@example.org",
                 organisation_type=rng.choice(ORGANISATION_TYPES), seat_municipality_id=rng.choice(codes))
         for index in range(250 * scale)], batch_size=BATCH)
    Recognition.objects.bulk_create(
        [Recognition(academy=academy, valid_from=date(rng.choice(YEARS[:4]), 1, 1),
                     valid_to=None if rng.random() < 0.8 else date(rng.choice(YEARS[4:]), 12, 31))
         for academy in academies], batch_size=BATCH)

    calls = []
    for year in YEARS:
        opens, closes = timezone.make_aware(datetime(year - 1, 11, 1)), timezone.make_aware(datetime(year, 1, 31))
        calls.append(Call(code=f"rollout-{year}", year=year, kind=CallKind.ACADEMY_ROLLOUT, title=f"Uitrol {year}",
                          budget=Decimal(2000 * 250 * scale), opens_at=opens, closes_at=closes,
                          amount_per_municipality=Decimal("2000.00"), cap_per_academy=Decimal("20000.00")))
        calls.append(Call(code=f"partnership-{year}", year=year, kind=CallKind.PARTNERSHIP_PROJECT,
                          title=f"Partnerschappen {year}", budget=Decimal(1_000_000 * scale), opens_at=opens,
                          closes_at=closes, cap_per_project=Decimal("100000.00"),
                          min_own_contribution_pct=Decimal("30.00")))
    calls = Call.objects.bulk_create(calls)
    YearBudget.objects.bulk_create([YearBudget(year=YEARS[-1] + 1, amount=Decimal(2_500_000 * scale))])

    applications = []
    for call in calls:
        chosen = academies if call.kind == CallKind.ACADEMY_ROLLOUT else rng.sample(academies, 13 * scale)
        applications.extend(Application(call=call, academy=academy, status=ApplicationStatus.AWARDED)
                            for academy in chosen)
    applications = Application.objects.bulk_create(applications, batch_size=BATCH)
    awards = Award.objects.bulk_create(
        [Award(application=application, amount=Decimal(rng.randrange(2000, 20001, 500)),
               decided_on=date(application.call.year, 3, 1)) for application in applications], batch_size=BATCH)

    pairs, funded = [], {}
    for award in awards:
        funded[award.pk] = rng.sample(codes, rng.randint(1, 7))
        pairs.extend(Award.funded_municipalities.through(award_id=award.pk, municipality_id=code)
                     for code in funded[award.pk])
    Award.funded_municipalities.through.objects.bulk_create(pairs, batch_size=BATCH)

    statuses = [FinalReportStatus.ACCEPTED] * 6 + [FinalReportStatus.SUBMITTED] * 2 + [FinalReportStatus.DRAFT]
    reports = []
    for award in awards:
        if rng.random() < 0.9:
            unattributed = rng.randint(10, 200) if rng.random() < 0.1 else None
            reports.append(FinalReport(award=award, status=rng.choice(statuses),
                                       unattributed_participants=unattributed))
    reports = FinalReport.objects.bulk_create(reports, batch_size=BATCH)
    lines = []
    for final_report in reports:
        counted, split = rng.random() < 0.8, rng.random() < 0.6
        for code in funded[final_report.award_id]:
            participants = rng.randint(5, 120) if counted else None
            boys = girls = None
            if participants and split:
                boys = round(participants * 0.72)
                girls = participants - boys
            lines.append(FinalReportLine(report=final_report, municipality_id=code, half_days=rng.randint(1, 12),
                                         participants=participants, boys=boys, girls=girls))
    FinalReportLine.objects.bulk_create(lines, batch_size=BATCH)

    events = [Event(uit_id=f"bench-{year}-{index}", name="STEM-activiteit",
                    start_date=date(year, rng.randint(1, 12), rng.randint(1, 28)), has_stem_label=rng.random() < 0.65)
              for year in YEARS for index in range(250 * scale)]
    Event.objects.bulk_create(events, batch_size=BATCH)
    return {"municipalities": municipality_count, "academies": len(academies), "years": len(YEARS),
            "awards": len(awards), "funded_municipality_links": len(pairs), "final_reports": len(reports),
            "final_report_lines": len(lines), "events": len(events)}


def child_environment() -> dict:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(settings.BASE_DIR),
                                                                     os.environ.get("PYTHONPATH")]))}


def check_pages(client: Client, floors: bool) -> dict:
    """Requests every page once in this process and reads its figures from the rendering context; with `floors`
    computes the same figures with the page's hand-written SQL floor and raises CommandError on any difference.
    Returns per page what the timing process needs (the selector arguments and the basis year)."""
    from django.test.utils import setup_test_environment, teardown_test_environment

    from bench.floors import differences, floor_for
    from reports.selectors import current_year

    try:
        setup_test_environment()  # the test client records the rendering context
        owned = True
    except RuntimeError:  # already set up (under the test runner)
        owned = False
    jobs = {}
    try:
        for key, (name, kwargs, query) in PAGES.items():
            url = reverse(name, kwargs=kwargs) + query
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            if key in WITHOUT_FLOOR:
                jobs[key] = {"page": key, "url": url, "params": {}, "basis_year": None, "floor": False,
                            "year": BENCH_YEAR}
                continue
            context = page_context = response.context
            if context is None or "params" not in context:
                # An export or an image: the selector arguments are those of the HTML page; an export has no
                # rendering context, its rows come from the same selector call as the HTML page's.
                context = page_context = client.get(re.sub(r"&(_export|format)=\w+", "", url)).context
            params = dict(page_context.get("params") or {"year": page_context.get("year")})
            basis_year = current_year() if params.pop("today", False) else None
            jobs[key] = {"page": key, "url": url, "params": params, "basis_year": basis_year, "floor": floors,
                         "year": BENCH_YEAR}
            if floors:
                floor = floor_for(key, params, basis_year)
                found = differences(floor.compute(), floor.figures(context))
                if found:
                    raise CommandError(f"{key}: the hand-written SQL floor and the page disagree on "
                                       f"{len(found)} figures:\n" + "\n".join(found[:20]))
                jobs[key]["floor_checked"] = True
    finally:
        if owned:
            teardown_test_environment()
    return jobs


def time_page(job: dict, runs: int, database: str) -> dict:
    """The page and its floor timed in a fresh Python process (see bench/timer.py)."""
    argument = json.dumps({**job, "runs": runs, "database": database, "user": BENCH_USER})
    completed = subprocess.run([sys.executable, "-m", "bench.timer", argument], capture_output=True,
                               text=True, env=child_environment(), cwd=settings.BASE_DIR, check=False)
    if completed.returncode:
        raise CommandError(f"timing {job['page']} failed:\n{completed.stderr[-3000:]}")
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    if job.get("floor_checked"):
        result["floor_checked_equal"] = True
        result["ratio_to_floor"] = round(result["median_ms"] / result["floor_ms"], 2) if result["floor_ms"] else None
    return result


def measure_documents(runs: int, year: int = 2022) -> dict:
    """The answer for `year` on the demo data (with map boundaries when ../shared/data has them): median wall and
    CPU seconds (CPU of this process, typst's threads included) to compute its content from the selectors, to render
    the DOCX and the PDF, the three together, and to freeze the answer (content, DOCX, PDF, annex ZIP and the row;
    rolled back)."""
    from reports.documents.content import answer_content
    from reports.documents.docx import render_docx
    from reports.documents.pdf import render_pdf
    from reports.services import frozen_answer_create

    wipe()
    call_command("load_reference", verbosity=0)
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    boundaries = [settings.SHARED_DATA_DIR / name for name in ("flanders_municipalities_2019_2024.geojson",
                                                               "flanders_municipalities_2025.geojson")]
    for path in boundaries:
        if path.exists():
            call_command("load_boundaries", str(path), stdout=io.StringIO())
    timings: dict[str, list[float]] = {}
    sizes = {}
    user = get_user_model().objects.filter(is_staff=True).order_by("pk").first()  # a demo manager
    for _ in range(runs):
        marks = [(time.perf_counter(), time.process_time())]
        content = answer_content(year=year)
        marks.append((time.perf_counter(), time.process_time()))
        docx = render_docx(content)
        marks.append((time.perf_counter(), time.process_time()))
        pdf = render_pdf(content)
        marks.append((time.perf_counter(), time.process_time()))
        with transaction.atomic():  # frozen answers cannot be deleted: the freeze is rolled back
            frozen_answer_create(year=year, acting_user=user)
            transaction.set_rollback(True)
        marks.append((time.perf_counter(), time.process_time()))
        for index, key in enumerate(("content", "docx", "pdf", "freeze")):
            timings.setdefault(f"{key}_median_s", []).append(marks[index + 1][0] - marks[index][0])
            timings.setdefault(f"{key}_median_cpu_s", []).append(marks[index + 1][1] - marks[index][1])
        timings.setdefault("total_median_s", []).append(marks[3][0] - marks[0][0])
        timings.setdefault("total_median_cpu_s", []).append(marks[3][1] - marks[0][1])
        sizes = {"docx_bytes": len(docx), "pdf_bytes": len(pdf)}
    return {"year": year, "runs": runs, "maps_with_boundaries": all(path.exists() for path in boundaries),
            **{key: round(statistics.median(values), 2) for key, values in timings.items()}, **sizes}


class Command(BaseCommand):
    help = ("Benchmark the report pages on synthetic data (scale 1, 10, 100; --quick: 1 and 10) in a throwaway "
            "database next to the configured one, each page against its hand-written SQL floor (checked equal), "
            "timed in a fresh process; prints one JSON object.")

    def add_arguments(self, parser):
        parser.add_argument("--quick", action="store_true", help="Scale factors 1 and 10 only.")
        parser.add_argument("--scales", type=int, nargs="+", help="Scale factors (default 1 10 100).")
        parser.add_argument("--runs", type=int, default=7, help="Timed requests per page (median reported).")
        parser.add_argument("--pages", nargs="+", choices=sorted([*PAGES, WRITE]),
                            help=f"Only these pages ({WRITE}: one final report saved and submitted).")
        parser.add_argument("--skip-documents", action="store_true",
                            help="Leave out the answer documents (DOCX and PDF on the demo data).")
        parser.add_argument("--keep", action="store_true",
                            help="Keep the throwaway database for EXPLAIN ANALYZE: with the last scale's data when "
                                 "--skip-documents is given, else with the demo data the documents step loads.")

    def handle(self, *args, quick=False, scales=None, runs=7, pages=None, keep=False, skip_documents=False,
               **options):
        scales = scales or ([1, 10] if quick else [1, 10, 100])
        debug, settings.DEBUG = settings.DEBUG, False  # no query logging while timing
        logging.disable(logging.WARNING)  # request and login logs would mix with the JSON on stdout
        settings_dict = connection.settings_dict
        original_name = settings_dict["NAME"]
        original_test = dict(settings_dict.get("TEST") or {})
        postgres = connection.vendor == "postgresql"
        scratch = None
        if postgres:
            settings_dict.setdefault("TEST", {})["NAME"] = f"{original_name}_bench"
        else:  # a file, so that the timing processes can open it
            scratch = tempfile.TemporaryDirectory()
            settings_dict.setdefault("TEST", {})["NAME"] = str(Path(scratch.name) / "bench.sqlite3")
        self._close_pool()
        log(f"bench_reports: creating throwaway database for {connection.vendor} ...")
        database = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        self._close_pool()
        result = {"database": connection.vendor, "bench_year": BENCH_YEAR, "runs": runs, "cpus": os.cpu_count(),
                  "load_average_at_start": [round(load, 2) for load in os.getloadavg()],
                  "floors": "hand-written SQL, checked equal to the page's figures" if postgres
                  else "none: the floors are PostgreSQL SQL", "scales": {}}
        try:
            user = get_user_model().objects.create_superuser(BENCH_USER, "bench@example.org", None)
            for scale in scales:
                log(f"bench_reports: building scale {scale} ...")
                start = time.perf_counter()
                counts = build(scale)
                built = time.perf_counter() - start
                if postgres:
                    with connection.cursor() as cursor:
                        cursor.execute("VACUUM ANALYZE")
                client = Client()
                client.force_login(user)
                log(f"bench_reports: checking the floors at scale {scale} ...")
                jobs = check_pages(client, floors=postgres)
                self._close_pool()
                measured = {}
                for key, job in jobs.items():
                    if pages and key not in pages:
                        continue
                    log(f"bench_reports: timing {key} at scale {scale} ...")
                    measured[key] = time_page(job, runs, database)
                if not pages or WRITE in pages:
                    log(f"bench_reports: timing final report writes at scale {scale} ...")
                    measured[WRITE] = time_page({"page": WRITE, "year": BENCH_YEAR, "floor": False}, runs, database)
                result["scales"][str(scale)] = {"rows": counts, "build_seconds": round(built, 1), "pages": measured}
            if not skip_documents:
                log("bench_reports: answer documents on the demo data ...")
                result["answer_documents"] = measure_documents(max(3, min(runs, 5)))
        finally:
            self._close_pool()
            if keep:
                log(f"bench_reports: kept database {settings_dict['NAME']}")
                settings_dict["NAME"] = settings.DATABASES[connection.alias]["NAME"] = original_name
            else:
                connection.creation.destroy_test_db(original_name, verbosity=0)
            settings_dict["TEST"] = original_test
            self._close_pool()
            if scratch is not None and not keep:
                scratch.cleanup()
            settings.DEBUG = debug
            logging.disable(logging.NOTSET)
        self.stdout.write(json.dumps(result, indent=2))

    @staticmethod
    def _close_pool() -> None:
        close_pool = getattr(connection, "close_pool", None)
        connection.close()
        if close_pool is not None and connection.settings_dict.get("OPTIONS", {}).get("pool"):
            close_pool()

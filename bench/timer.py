"""Times one report page and its hand-written SQL floor in a fresh process with a shallow stack.

Run by `bench_reports` as `python -m bench.timer` with one JSON argument (database name, user, page, URL,
the page's selector arguments, runs); prints one JSON object. It does nothing but Django setup, the requests with
the stored figures removed first (`computed_ms`: every figure computed and stored), the first request after one
final report of the bench year is saved and submitted (`after_write_ms`: what a write leaves to recompute or patch),
one warm-up request with the figures stored (its query count), the timed requests reading the stored figures
(`median_ms`) and the timed floor, so the timings carry no cost of the process that built the data.

The stored requests are timed at several stack depths (`STACK_OFFSETS` extra frames) and `median_ms` is the median
over them. Python 3.11 keeps its frames in 16 KB chunks that it allocates (mmap) when a call crosses a chunk's end
and frees (munmap) when that call returns, so a page whose many small calls sit at a chunk boundary pays system
time and page faults on each call: measured on reach per municipality, 1.2 ms of system time per request at one
depth and 16.6 ms two frames shallower, with the same Python calls. Which depth a page runs at depends on the
server, so no single depth is its cost; `median_ms_by_stack_offset` shows the spread.

With `"page": "final-report-write"` it times instead one final report saved and submitted through
`grants.services.final_report_save` (committed; the database triggers move the year's data version).
"""

import json
import os
import statistics
import sys
import time


def timed(action, runs: int) -> tuple[float, float]:
    """Median wall and CPU milliseconds of `action` over `runs` calls after one warm-up call."""
    action()
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


STACK_OFFSETS = range(6)


def at_depth(depth: int, action):
    """`action()` called `depth` frames deeper than this call."""
    return at_depth(depth - 1, action) if depth else action()


def timed_at_depths(action, runs: int) -> dict:
    """`timed(action, runs)` at each of `STACK_OFFSETS` extra frames: the medians over the offsets and the median
    wall milliseconds at each offset."""
    timings = [timed(lambda depth=depth: at_depth(depth, action), runs) for depth in STACK_OFFSETS]
    return {"median_ms": statistics.median(wall for wall, _cpu in timings),
            "median_cpu_ms": statistics.median(cpu for _wall, cpu in timings),
            "median_ms_by_stack_offset": [round(wall, 2) for wall, _cpu in timings]}


def main(job: dict) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.conf import settings

    django.setup()
    settings.DATABASES["default"]["NAME"] = job["database"]
    settings.DEBUG = False

    import logging

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.floors import floor_for

    logging.disable(logging.WARNING)
    if job["page"] == "final-report-write":
        return time_write(job)
    client = Client()
    client.force_login(get_user_model().objects.get(username=job["user"]))
    url = job["url"]

    def request():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    from reports.models import StoredFigures

    computed = []
    for _ in range(max(1, min(job["runs"], 3))):
        StoredFigures.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            request()
            computed.append((time.perf_counter() - start) * 1000)
    result = {"url": url, "computed_ms": statistics.median(computed), "computed_queries": len(queries)}
    request()
    result.update(after_write(job, request))
    with CaptureQueriesContext(connection) as queries:
        request()
    result["queries"] = len(queries)
    result.update(timed_at_depths(request, job["runs"]))
    if job["floor"]:
        floor = floor_for(job["page"], job["params"], job["basis_year"])
        with CaptureQueriesContext(connection) as queries:
            floor.compute()
        result["floor_statements"] = len(queries)
        result["floor_ms"], result["floor_cpu_ms"] = timed(floor.compute, job["runs"])
    return {key: round(value, 2) if isinstance(value, float) else value for key, value in result.items()}


AFTER_WRITE_RUNS = 3


def after_write(job: dict, request) -> dict:
    """The first request after one final report of the bench year is saved and submitted (committed), with its
    figures stored before the write: median wall milliseconds over `AFTER_WRITE_RUNS` writes, and its queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from grants.services import final_report_save

    writes = editable_reports(job["year"], AFTER_WRITE_RUNS) if job.get("year") else []
    wall, queries = [], 0
    for award, lines in writes:
        request()
        final_report_save(award=award, narrative="Eindverslag", lines=lines, submit=True)
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            request()
            wall.append((time.perf_counter() - start) * 1000)
        queries = len(captured)
    if not wall:
        return {}
    return {"after_write_ms": statistics.median(wall), "after_write_queries": queries}


def editable_reports(year: int, count: int) -> list:
    """(award, lines) of `count` editable final reports of `year`, to be saved and submitted with their own lines."""
    from django.conf import settings

    from grants.models import EDITABLE_STATUSES, FinalReport
    from grants.services import ReportLineInput

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    reports = list(FinalReport.objects.filter(status__in=EDITABLE_STATUSES, award__application__call__year=year)
                   .select_related("award").prefetch_related("lines__municipality").order_by("pk")[:count])
    return [(report.award, [ReportLineInput(municipality=line.municipality, half_days=line.half_days or 1,
                                            participants=line.participants, boys=line.boys, girls=line.girls,
                                            other=line.other) for line in report.lines.all()])
            for report in reports]


def time_write(job: dict) -> dict:
    """Median wall and CPU milliseconds of saving and submitting one editable final report of the bench year with
    its own lines, each a committed transaction, and the queries of one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from grants.services import final_report_save

    writes = editable_reports(job["year"], job["runs"] + 1)
    wall, cpu, queries = [], [], 0
    for index, (award, lines) in enumerate(writes):
        start, start_cpu = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as captured:
            final_report_save(award=award, narrative="Eindverslag", lines=lines, submit=True)
        if index == 0:  # warm-up
            queries = len(captured)
            continue
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    if not wall:
        return {"writes": 0}
    return {key: round(value, 2) if isinstance(value, float) else value for key, value in {
        "writes": len(wall), "queries": queries, "median_ms": statistics.median(wall),
        "median_cpu_ms": statistics.median(cpu), "lines_per_report": statistics.median(
            [len(lines) for _award, lines in writes])}.items()}


if __name__ == "__main__":
    print(json.dumps(main(json.loads(sys.argv[1]))))

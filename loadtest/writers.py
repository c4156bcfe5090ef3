"""The writing users of the load test, in a process of their own: WRITERS threads for DURATION seconds, each in turn
saving a final report of the load-test year with its lines (`grants.services.final_report_save`, the portal's write)
and importing a file of 1,000 final-report lines of that year with changed counts (`exchange.services.import_file`,
the staff import), thinking THINK_MIN_MS..THINK_MAX_MS between writes. Each thread writes its own reports. Prints one
JSON object: per kind of write the count, errors and median and maximum milliseconds.

Usage (from loadtest/users.py): python loadtest/writers.py WRITERS DURATION_SECONDS"""

import io
import json
import os
import random
import statistics
import sys
import threading
import time
import traceback

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402

from academies.spreadsheets import iter_csv  # noqa: E402
from exchange.importing import get_kind  # noqa: E402
from exchange.services import import_file  # noqa: E402
from grants.models import EDITABLE_STATUSES, FinalReport  # noqa: E402
from grants.services import ReportLineInput, final_report_save  # noqa: E402

YEAR = int(os.environ.get("LOADTEST_YEAR", "2023"))
IMPORT_LINES = 1000
PARTICIPANTS = 5  # the column in the final-report export


def import_file_of(reports: list[int]) -> bytes:
    """The export of `reports` cut at IMPORT_LINES lines, one participant more on each line that gives a count."""
    rows = get_kind("finalreports").export_rows(queryset=FinalReport.objects.filter(pk__in=reports))
    chosen = [next(rows)]
    for row in rows:
        row = list(row)
        if row[PARTICIPANTS] is not None:
            row[PARTICIPANTS] += 1
        chosen.append(row)
        if len(chosen) > IMPORT_LINES:
            break
    return "".join(iter_csv(chosen)).encode("utf-8")


class Writer(threading.Thread):
    def __init__(self, index: int, until: float, think: tuple[int, int], user, timings: dict):
        super().__init__(daemon=True)
        self.index, self.until, self.think, self.user, self.timings = index, until, think, user, timings

    def run(self) -> None:
        reports = list(FinalReport.objects.filter(award__application__call__year=YEAR).order_by("pk")
                       .values_list("pk", flat=True))[self.index::int(sys.argv[1])]
        editable = list(FinalReport.objects.filter(pk__in=reports, status__in=EDITABLE_STATUSES)
                        .select_related("award").prefetch_related("lines__municipality")[:50])
        turn = 0
        time.sleep(random.uniform(0, self.think[1] / 1000))
        while time.monotonic() < self.until:
            kind = "final_report_save" if turn % 2 == 0 else "import_1000_lines"
            start = time.perf_counter()
            try:
                if kind == "final_report_save":
                    self.save(editable[turn // 2 % len(editable)])
                else:
                    first = turn * 50 % max(1, len(reports) - 400)
                    import_file(kind="finalreports", data=io.BytesIO(import_file_of(reports[first:first + 400])),
                                user=self.user, keep_rows=False)
                self.timings[kind].append((time.perf_counter() - start) * 1000)
            except Exception:  # noqa: BLE001 - counted and shown, the load goes on
                self.timings[kind + "_errors"].append(traceback.format_exc(limit=3))
            turn += 1
            time.sleep(random.uniform(*self.think) / 1000)
        connection.close()

    @staticmethod
    def save(report) -> None:
        lines = [ReportLineInput(municipality=line.municipality, half_days=line.half_days or 1,
                                 participants=(line.participants or 0) + 1, boys=line.boys, girls=line.girls,
                                 other=line.other) for line in report.lines.all()]
        final_report_save(award=report.award, narrative="Eindverslag (load test)", lines=lines)


def main(writers: int, duration: float) -> None:
    think = (int(os.environ.get("THINK_MIN_MS", "2000")), int(os.environ.get("THINK_MAX_MS", "8000")))
    user = get_user_model().objects.filter(is_superuser=True).first() or get_user_model().objects.first()
    kinds = ("final_report_save", "import_1000_lines")
    timings = {name: [] for kind in kinds for name in (kind, kind + "_errors")}
    until = time.monotonic() + duration
    threads = [Writer(index, until, think, user, timings) for index in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result = {kind: {"writes": len(timings[kind]), "errors": len(timings[kind + "_errors"]),
                     "median_ms": round(statistics.median(timings[kind]), 1) if timings[kind] else None,
                     "max_ms": round(max(timings[kind]), 1) if timings[kind] else None} for kind in kinds}
    for kind in kinds:
        for error in timings[kind + "_errors"][:2]:
            print(error, file=sys.stderr)
    print(json.dumps(result))


if __name__ == "__main__":
    main(int(sys.argv[1]), float(sys.argv[2]))

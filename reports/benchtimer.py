"""Times one report page and its hand-written SQL floor in a fresh process with a shallow stack.

Run by `bench_reports` as `python -m reports.benchtimer` with one JSON argument (database name, user, page, URL,
the page's selector arguments, runs); prints one JSON object. It does nothing but Django setup, one warm-up request
(with the query count), the timed requests and the timed floor, so the timings carry no cost of the process that
built the data.
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

    from reports.benchfloors import floor_for

    logging.disable(logging.WARNING)
    client = Client()
    client.force_login(get_user_model().objects.get(username=job["user"]))
    url = job["url"]

    def request():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    with CaptureQueriesContext(connection) as queries:
        request()
    result = {"url": url, "queries": len(queries)}
    result["median_ms"], result["median_cpu_ms"] = timed(request, job["runs"])
    if job["floor"]:
        floor = floor_for(job["page"], job["params"], job["basis_year"])
        with CaptureQueriesContext(connection) as queries:
            floor.compute()
        result["floor_statements"] = len(queries)
        result["floor_ms"], result["floor_cpu_ms"] = timed(floor.compute, job["runs"])
    return {key: round(value, 2) if isinstance(value, float) else value for key, value in result.items()}


if __name__ == "__main__":
    print(json.dumps(main(json.loads(sys.argv[1]))))

"""The load: CONNECTIONS users for DURATION seconds, of whom WRITERS write while the others read. A reader requests a
page of loadtest/mix.txt (by weight), then thinks THINK_MIN_MS..THINK_MAX_MS; every response other than 200 is an
error. The writers run in a process of their own (loadtest/writers.py), started here, so that their Python does not
share an interpreter with the readers' clocks. Prints one JSON object: per page the number of requests, errors,
p50/p95/p99/max in milliseconds, and the writers' counts and times.

Usage: python loadtest/users.py http://127.0.0.1:8765 SESSIONS_FILE"""

import http.client
import json
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

from page_times import mix_entries

HERE = Path(__file__).parent


def weighted_mix(year: str) -> list[tuple[str, str]]:
    entries = []
    for line in (HERE / "mix.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            weight, who, path = line.split()
            entries += [(who, path.replace("{year}", year))] * int(weight)
    return entries


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


class Reader(threading.Thread):
    def __init__(self, base: str, sessions: dict, mix: list, until: float, think: tuple[int, int], results: list):
        super().__init__(daemon=True)
        self.address = urllib.parse.urlsplit(base)
        self.sessions, self.mix, self.until, self.think, self.results = sessions, mix, until, think, results

    def run(self) -> None:
        connection = http.client.HTTPConnection(self.address.hostname, self.address.port, timeout=60)
        time.sleep(random.uniform(0, self.think[1] / 1000))  # users do not all start at once
        while time.monotonic() < self.until:
            who, path = random.choice(self.mix)
            headers = {"Cookie": f"sessionid={self.sessions[who]}", "X-Forwarded-Proto": "https"}
            start = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                status = 0
            self.results.append((path, (time.perf_counter() - start) * 1000, status))
            time.sleep(random.uniform(*self.think) / 1000)


def main(base: str, sessions_file: str) -> None:
    sessions = dict(re.findall(r'(\w+) = "(\w+)"', Path(sessions_file).read_text()))
    users, writers = int(os.environ.get("CONNECTIONS", "50")), int(os.environ.get("WRITERS", "5"))
    duration = float(os.environ.get("DURATION", "60").rstrip("s"))
    think = (int(os.environ.get("THINK_MIN_MS", "2000")), int(os.environ.get("THINK_MAX_MS", "8000")))
    mix = weighted_mix(os.environ.get("LOADTEST_YEAR", "2023"))
    assert {path for _who, path in mix} == {path for _who, path in mix_entries(os.environ.get("LOADTEST_YEAR",
                                                                                              "2023"))}
    until = time.monotonic() + duration
    writing = subprocess.Popen([sys.executable, str(HERE / "writers.py"), str(writers), str(duration)],
                               stdout=subprocess.PIPE, text=True) if writers else None
    results: list = []
    readers = [Reader(base, sessions, mix, until, think, results) for _ in range(users - writers)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    written = json.loads(writing.communicate()[0].strip().splitlines()[-1]) if writing else {}
    pages = {}
    for path in sorted({path for path, _ms, _status in results}):
        times = [ms for page, ms, _status in results if page == path]
        pages[path] = {"requests": len(times), "errors": sum(1 for page, _ms, status in results
                                                              if page == path and status != 200),
                       "p50_ms": round(statistics.median(times), 1), "p95_ms": round(percentile(times, 0.95), 1),
                       "p99_ms": round(percentile(times, 0.99), 1), "max_ms": round(max(times), 1)}
    everything = [ms for _path, ms, _status in results]
    print(json.dumps({"users": users, "writers": writers, "seconds": duration, "think_ms": think,
                      "requests": len(results), "requests_per_second": round(len(results) / duration, 2),
                      "errors": sum(1 for _path, _ms, status in results if status != 200),
                      "p99_ms": round(percentile(everything, 0.99), 1) if everything else None,
                      "worst_page_p99_ms": max((page["p99_ms"] for page in pages.values()), default=None),
                      "pages": pages, "writes": written}, indent=1))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

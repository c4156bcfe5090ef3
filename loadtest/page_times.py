"""Per page of the load-test mix: the median of a few single requests (one at a time, nothing else from this test
running), so that the load figures can be read against what one request costs. Also warms the server up.

Usage: python loadtest/page_times.py http://127.0.0.1:8765 SESSIONS_FILE [RUNS]"""

import json
import os
import re
import statistics
import sys
import time
import urllib.request
from pathlib import Path

MIX_FILE = Path(__file__).with_name("mix.txt")


def mix_entries(year: str) -> list[tuple[str, str]]:
    """(user, path) of every line of loadtest/mix.txt."""
    entries = []
    for line in MIX_FILE.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            _weight, who, path = line.split()
            entries.append((who, path.replace("{year}", year)))
    return entries


def main(base: str, sessions_file: str, runs: int = 5) -> None:
    sessions = dict(re.findall(r'(\w+) = "(\w+)"', open(sessions_file).read()))
    results = {}
    for who, path in mix_entries(os.environ.get("LOADTEST_YEAR", "2023")):
        request = urllib.request.Request(base + path, headers={
            "Cookie": f"sessionid={sessions[who]}", "X-Forwarded-Proto": "https"})
        times = []
        for _ in range(runs + 1):
            start = time.perf_counter()
            with urllib.request.urlopen(request, timeout=60) as response:
                assert response.status == 200, (path, response.status)
                size = len(response.read())
            times.append((time.perf_counter() - start) * 1000)
        results[path] = {"median_ms": round(statistics.median(times[1:]), 1), "bytes": size}
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], *(int(arg) for arg in sys.argv[3:]))

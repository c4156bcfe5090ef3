"""Tests that start servers stop them, with everything those servers forked, also when the start or the test fails:
a failed run leaves no orphan worker behind (issue 22: two gunicorn workers that ignored SIGTERM)."""

import os
import signal
import subprocess
import sys
import time

import pytest

from tests.production import conftest as servers
from tests.production.conftest import app_servers, start_process, stop_process_group

# A leader that forks a worker; both ignore SIGTERM and SIGQUIT, as a stuck gunicorn worker does.
STUBBORN = """
import os, signal, sys, time
for number in (signal.SIGTERM, signal.SIGQUIT):
    signal.signal(number, signal.SIG_IGN)
if os.fork() == 0:
    time.sleep(600)
print(os.getpid(), flush=True)
if "--leader-exits" not in sys.argv:
    time.sleep(600)
"""


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_process_group_that_ignores_sigterm_is_killed():
    process = start_process([sys.executable, "-c", STUBBORN], stdout=subprocess.PIPE, text=True)
    process.stdout.readline()
    assert group_alive(process.pid)
    started = time.monotonic()
    stop_process_group(process, signal.SIGTERM, timeout=1)
    assert time.monotonic() - started < 10
    assert not group_alive(process.pid), "a process of the group outlived the stop"
    assert process not in servers.RUNNING


def test_workers_left_by_a_leader_that_exited_are_killed_too():
    process = start_process([sys.executable, "-c", STUBBORN, "--leader-exits"], stdout=subprocess.PIPE, text=True)
    process.stdout.readline()
    process.wait(timeout=10)
    assert group_alive(process.pid), "the forked worker outlives its leader"
    stop_process_group(process)
    assert not group_alive(process.pid)


@pytest.mark.slow
def test_a_server_that_never_becomes_healthy_is_stopped(tmp_path, collected_static, monkeypatch):
    started = []
    monkeypatch.setattr(servers, "start_process", lambda *args, **kwargs: started.append(
        start_process(*args, **kwargs)) or started[-1])
    monkeypatch.setattr(servers, "wait_until_healthy", lambda server: (_ for _ in ()).throw(RuntimeError("down")))
    with pytest.raises(RuntimeError, match="down"), app_servers(tmp_path, collected_static, {}):
        pass
    assert started and not any(group_alive(process.pid) for process in started)

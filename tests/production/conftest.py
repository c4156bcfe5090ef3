"""Helpers for tests that start real app servers (gunicorn) on loopback ports against the pytest database."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import connection

BASE_DIR = Path(settings.BASE_DIR)
SECRET_KEY = "test-only-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"


def production_env(**overrides: str) -> dict[str, str]:
    """The environment of a production process (a fixed, long test-only SECRET_KEY; no DEBUG)."""
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        DJANGO_ENV="production",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/unused"),
        PYTHONUNBUFFERED="1",
    )
    env.update(overrides)
    return env


def require_postgresql() -> None:
    """PostgreSQL-only tests fail in CI when the database is something else, and skip on a developer's SQLite."""
    if connection.vendor == "postgresql":
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("This test needs PostgreSQL: CI must run with DATABASE_URL=postgres://...")
    pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url_of_test_database() -> str:
    """DATABASE_URL of the database pytest-django created, so that a subprocess sees the committed test data."""
    params = connection.settings_dict
    user = params.get("USER") or "postgres"
    password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
    host = params.get("HOST") or "127.0.0.1"
    port = params.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{params['NAME']}"


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory) -> Path:
    """Hashed static files (whitenoise manifest) for production servers, collected once per test run."""
    root = tmp_path_factory.mktemp("staticfiles")
    env = production_env(STATIC_ROOT=str(root))
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=BASE_DIR, env=env, check=True
    )
    return root


class AppServer:
    """One gunicorn instance on a loopback port, as a load balancer would see it."""

    def __init__(self, port: int, process: subprocess.Popen, log_path: Path):
        self.port = port
        self.process = process
        self.log_path = log_path
        self.base_url = f"http://127.0.0.1:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def worker_pids(self) -> list[int]:
        output = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True).stdout
        return [int(pid) for pid in output.split()]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextmanager
def app_server(tmp_path: Path, static_root: Path, *, workers: int = 1, **env_overrides: str) -> Iterator[AppServer]:
    port = free_port()
    env = production_env(
        DATABASE_URL=database_url_of_test_database(),
        STATIC_ROOT=str(static_root),
        SECURE_SSL_REDIRECT="false",  # plain HTTP on loopback; the redirect itself is tested in-process
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY=str(workers),
        GUNICORN_THREADS="2",
        DB_POOL_MIN="0",
        AXES_ENABLED="false",
        **env_overrides,
    )
    log_path = tmp_path / f"gunicorn-{port}.log"
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [gunicorn, "-c", "gunicorn.conf.py"], cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    server = AppServer(port, process, log_path)
    try:
        wait_until_healthy(server)
        yield server
    finally:
        server.stop()


def wait_until_healthy(server: AppServer, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.process.returncode}:\n{server.log()}")
        try:
            with urllib.request.urlopen(server.url("/healthz"), timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not become healthy:\n{server.log()}")


class Browser:
    """A cookie-keeping HTTP client that can talk to several servers with the same cookies (same host name)."""

    def __init__(self):
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect()
        )

    def cookie(self, name: str) -> str | None:
        return next((cookie.value for cookie in self.cookies if cookie.name == name), None)

    def request(self, method: str, url: str, data: dict | bytes | None = None, headers: dict | None = None):
        body = urlencode(data, doseq=True).encode() if isinstance(data, dict) else data
        request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
        if isinstance(data, dict):
            request.add_header("Content-Type", "application/x-www-form-urlencoded")
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode(errors="replace")

    def get(self, url: str):
        return self.request("GET", url)

    def post(self, url: str, data, *, referer: str, headers: dict | None = None):
        """POST with the CSRF token from the cookie jar, as a form in the browser would."""
        all_headers = {"Referer": referer, "X-CSRFToken": self.cookie("csrftoken") or ""}
        all_headers.update(headers or {})
        return self.request("POST", url, data, all_headers)

    def log_in(self, server: AppServer, username: str, password: str) -> None:
        login = server.url("/account/login/")
        self.get(login)
        status, headers, body = self.post(
            login, {"username": username, "password": password, "csrfmiddlewaretoken": self.cookie("csrftoken")},
            referer=login,
        )
        assert status == 302, f"login failed with {status}: {body[:500]}"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None

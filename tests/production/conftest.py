"""Helpers for tests that start real app servers (gunicorn) on loopback ports against the pytest database."""

import atexit
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from html import unescape
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import pytest
from django.conf import settings
from django.db import connection, connections

BASE_DIR = Path(settings.BASE_DIR)
SECRET_KEY = "test-only-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"


def production_env(**overrides: str) -> dict[str, str]:
    """The environment of a production process (a fixed, long test-only SECRET_KEY; no DEBUG; like a web instance,
    no owner's database URL)."""
    env = {key: value for key, value in os.environ.items()
           if key not in {"DEBUG", "DJANGO_SETTINGS_MODULE", "DATABASE_OWNER_URL"}}
    env.update(
        DJANGO_ENV="production",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/unused"),
        PYTHONUNBUFFERED="1",
    )
    env.update(overrides)
    return env


def pytest_collection_modifyitems(config, items) -> None:
    """On SQLite the pytest database is in memory, which no server process can open: when a test that starts an app
    server (it uses `collected_static`) is selected, the run's test database is a file in a directory of its own
    instead, which the servers open through DATABASE_URL=sqlite:///..."""
    settings_dict = connections["default"].settings_dict
    if settings_dict["ENGINE"] != "django.db.backends.sqlite3" or settings_dict["TEST"].get("NAME"):
        return
    if any("collected_static" in item.fixturenames for item in items):
        directory = tempfile.mkdtemp(prefix="stem-test-db-")
        atexit.register(shutil.rmtree, directory, ignore_errors=True)
        settings_dict["TEST"]["NAME"] = str(Path(directory) / "test.sqlite3")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url_of_test_database() -> str:
    """DATABASE_URL of the database pytest-django created, so that a subprocess sees the committed test data."""
    params = connection.settings_dict
    if connection.vendor == "sqlite":
        if connection.is_in_memory_db():
            raise RuntimeError("the SQLite test database is in memory: only tests that use `collected_static` get "
                               "a file that a server process can open (pytest_collection_modifyitems)")
        return f"sqlite:///{params['NAME']}"
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
        stop_process_group(self.process, signal.SIGQUIT)  # gunicorn's quick shutdown: the test is over


RUNNING: set[subprocess.Popen] = set()


def start_process(*args, **kwargs) -> subprocess.Popen:
    """Popen in a process group (session) of its own, so that stopping it also stops the children it forked
    (gunicorn's workers, a runserver's threads' children), and stopped at the latest when pytest exits."""
    process = subprocess.Popen(*args, start_new_session=True, **kwargs)
    RUNNING.add(process)
    return process


def stop_process_group(process: subprocess.Popen, first_signal: int = signal.SIGTERM, timeout: float = 10) -> None:
    """`first_signal` to the whole group, SIGKILL to the group after `timeout` seconds, and SIGKILL to whatever is
    left of the group even when the leader exited by itself (orphaned workers that ignore SIGTERM)."""
    try:
        if process.poll() is None:
            os.killpg(process.pid, first_signal)
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                pass
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()
    RUNNING.discard(process)
    deadline = time.monotonic() + 5  # orphans are reaped by init a moment later
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)


@atexit.register
def _stop_every_process_left() -> None:
    for process in list(RUNNING):
        stop_process_group(process, timeout=2)


def start_app_server(tmp_path: Path, static_root: Path, *, workers: int = 1, **env_overrides: str) -> AppServer:
    port = free_port()
    env = production_env(
        DATABASE_URL=database_url_of_test_database(),
        STATIC_ROOT=str(static_root),
        SECURE_SSL_REDIRECT="false",  # plain HTTP on loopback; the redirect itself is tested in-process
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY=str(workers),
        GUNICORN_THREADS="2",
        DB_POOL_MIN="0",
        **env_overrides,
    )
    log_path = tmp_path / f"gunicorn-{port}.log"
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    with log_path.open("wb") as log:
        process = start_process(
            [gunicorn, "-c", "gunicorn.conf.py"], cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    return AppServer(port, process, log_path)


@contextmanager
def app_servers(tmp_path: Path, static_root: Path, *server_envs: dict[str, str], workers: int = 1):
    """Start one gunicorn per environment dict (in parallel), wait until all are healthy, stop them afterwards,
    also when the start or the test fails."""
    servers = []
    try:
        for env in server_envs:
            servers.append(start_app_server(tmp_path, static_root, workers=workers, **env))
        for server in servers:
            wait_until_healthy(server)
        yield servers
    finally:
        for server in servers:
            server.stop()


def wait_until_healthy(server: AppServer, timeout: float = 60) -> None:
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
    """An HTTP client that keeps its cookies itself, so that one login can be replayed on another server.

    The production servers set Secure cookies and sit behind a TLS-terminating load balancer; the test talks plain
    HTTP on loopback and says `X-Forwarded-Proto: https` as the load balancer would."""

    def __init__(self):
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(NoRedirect())

    def request(self, method: str, url: str, body: bytes | None = None, headers: dict | None = None):
        all_headers = {"X-Forwarded-Proto": "https"}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        all_headers.update(headers or {})
        request = urllib.request.Request(url, data=body, method=method, headers=all_headers)
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            for header in response.headers.get_all("Set-Cookie") or []:
                cookie = SimpleCookie(header)
                for name, morsel in cookie.items():
                    if morsel["max-age"] == "0" or morsel.value == "":
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            return response.status, response.headers, response.read().decode(errors="replace")

    def get(self, url: str):
        return self.request("GET", url)

    def post(self, url: str, fields: dict, files: dict | None = None):
        """POST a form from the page at `url` itself, with the CSRF token, as a browser would."""
        fields = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **fields}
        referer = "https://" + url.split("://", 1)[1]
        if files:
            body, content_type = multipart(fields, files)
        else:
            body, content_type = urlencode(fields, doseq=True).encode(), "application/x-www-form-urlencoded"
        return self.request("POST", url, body, {"Content-Type": content_type, "Referer": referer})

    def log_in(self, server: AppServer, username: str, password: str) -> None:
        login = server.url("/account/login/")
        self.get(login)
        status, _headers, body = self.post(login, {"username": username, "password": password})
        assert status == 302, f"login failed with {status}: {body[:500]}"


def multipart(fields: dict, files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def hidden_inputs(html: str) -> dict[str, str]:
    """The hidden fields of the page's forms (name -> value)."""
    fields = {}
    for tag in re.findall(r"<input[^>]*>", html):
        if re.search(r'type="hidden"', tag):
            name = re.search(r'name="([^"]*)"', tag)
            value = re.search(r'value="([^"]*)"', tag)
            if name:
                fields[name.group(1)] = unescape(value.group(1)) if value else ""
    return fields


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture(scope="session")
def two_app_servers(django_db_setup, collected_static, tmp_path_factory):
    """Two production gunicorn instances (two workers each) on loopback ports against the pytest database (on
    SQLite a file, see pytest_collection_modifyitems), sharing only what separate machines would share: the database
    and the storages (MEDIA_ROOT and the private import storage stand in for an S3 bucket). Each has its own TMPDIR.
    Started once per test run; tests that use them need `transactional_db` so that their data is committed and
    visible to the servers."""
    root = tmp_path_factory.mktemp("two-servers")
    shared = {
        "MEDIA_ROOT": str(root / "media"),
        "PRIVATE_STORAGE_ROOT": str(root / "private"),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(root / "mail"),
        "EXCHANGE_BACKGROUND_ROWS": "3",  # files of more than 3 rows go to the task worker
    }
    envs = []
    for name in ("a", "b"):
        (root / f"tmp-{name}").mkdir()
        envs.append(dict(shared, TMPDIR=str(root / f"tmp-{name}")))
    with app_servers(root, collected_static, *envs, workers=2) as servers:
        for server in servers:
            server.root = root
            server.env = production_env(DATABASE_URL=database_url_of_test_database(), **envs[0])
        yield servers


def second_connection(*, autocommit: bool = True) -> psycopg.Connection:
    """A second connection to the pytest database, outside Django: the one that locks and kills."""
    params = connection.settings_dict
    return psycopg.connect(
        dbname=params["NAME"], user=params.get("USER") or "postgres", password=params.get("PASSWORD") or None,
        host=params.get("HOST") or "127.0.0.1", port=params.get("PORT") or 5432, autocommit=autocommit,
    )


@contextmanager
def held_lock(sql: str, *params):
    """Run `sql` (a LOCK TABLE or SELECT ... FOR UPDATE) in an open transaction on a second connection and keep
    the lock until the block ends; yields that connection."""
    with second_connection(autocommit=False) as locker:
        locker.execute(sql, params)
        try:
            yield locker
        finally:
            locker.rollback()


def blocked_backend(locker: psycopg.Connection, timeout: float = 30) -> int:
    """The pid of the backend that waits for the lock `locker` holds (the request in the middle of its writes).
    Polled from a connection of its own in autocommit: inside a transaction pg_stat_activity is a frozen snapshot."""
    holder = locker.info.backend_pid
    deadline = time.monotonic() + timeout
    with second_connection() as monitor:
        while time.monotonic() < deadline:
            row = monitor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' "
                "AND %s = ANY(pg_blocking_pids(pid))", (holder,)
            ).fetchone()
            if row:
                return row[0]
            time.sleep(0.05)
    raise AssertionError("no request reached the locked table in time")


def terminate_backend(pid: int) -> None:
    with second_connection() as killer:
        assert killer.execute("SELECT pg_terminate_backend(%s)", (pid,)).fetchone()[0]


class InBackground(threading.Thread):
    """Run one call (an HTTP request that will block) in a thread and keep its result or exception."""

    def __init__(self, function, *args, **kwargs):
        super().__init__(daemon=True)
        self.function, self.args, self.kwargs = function, args, kwargs
        self.result = self.error = None

    def run(self):
        try:
            self.result = self.function(*self.args, **self.kwargs)
        except Exception as error:  # noqa: BLE001 - handed to the test
            self.error = error

    def outcome(self, timeout: float = 30):
        self.join(timeout)
        assert not self.is_alive(), "the request did not finish"
        return self.result if self.error is None else self.error

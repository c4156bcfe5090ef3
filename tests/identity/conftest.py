"""A real OpenID Connect provider on loopback standing in for ACM/IDM (tests/oidc_provider), started once per test
session in its own process, and the settings that point the application at it."""

import copy
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

from tests.production.conftest import free_port, start_process, stop_process_group

BASE_DIR = Path(settings.BASE_DIR)
CLIENT_ID = "stem-academies-test"
CLIENT_SECRET = "test-only-client-secret"
ROLES_CLAIM = "stemacademies_rol_3d"
PASSWORD = "acm-idm-test-2026"
VLAIO_OVO = "OVO000097"
KBO_NUMBER = "0403170701"

USERS = {
    "ambtenaar-beheer": {"first_name": "Bea", "last_name": "Heerder", "email": "bea@vlaio.example", "claims": {
        "vo_doelgroepcode": "GID", "vo_orgcode": VLAIO_OVO, ROLES_CLAIM: [f"StemAcademiesBeheerder:{VLAIO_OVO}"]}},
    "ambtenaar-lezer": {"first_name": "Lex", "last_name": "Lezer", "email": "lex@vlaio.example", "claims": {
        "vo_doelgroepcode": "GID", "vo_orgcode": VLAIO_OVO, ROLES_CLAIM: f"StemAcademiesLezer:{VLAIO_OVO}"}},
    "ambtenaar-zonder-rol": {"first_name": "Zora", "last_name": "Zonder", "email": "zora@vlaio.example", "claims": {
        "vo_doelgroepcode": "GID", "vo_orgcode": VLAIO_OVO, ROLES_CLAIM: ["AndereToepassing:OVO000001"]}},
    "academie": {"first_name": "Ada", "last_name": "Academie", "email": "ada@vonk.example", "claims": {
        "vo_doelgroepcode": "EA", "vo_orgcode": KBO_NUMBER}},
    "onbekende-onderneming": {"first_name": "Otto", "last_name": "Onbekend", "email": "otto@elders.example",
                              "claims": {"vo_doelgroepcode": "EA", "vo_orgcode": "0202239951"}},
}


@dataclass
class Provider:
    base_url: str
    process: subprocess.Popen
    log_path: Path
    config_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    @contextmanager
    def claims_changed(self, username: str, **claims):
        """ACM/IDM says something else about `username` at their next login (a role taken away), until the block
        ends."""
        original = self.config_path.read_text()
        config = json.loads(original)
        config["users"][username]["claims"].update(claims)
        self.config_path.write_text(json.dumps(config))
        try:
            yield
        finally:
            self.config_path.write_text(original)


@pytest.fixture(scope="session")
def acm_idm_provider(live_server, tmp_path_factory):
    root = tmp_path_factory.mktemp("oidc-provider")
    config = {
        "roles_claim": ROLES_CLAIM,
        "client": {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
                   "redirect_uri": f"{live_server.url}/account/acm-idm/terug/",
                   "post_logout_redirect_uri": f"{live_server.url}/account/login/"},
        "users": {username: {**person, "password": PASSWORD} for username, person in USERS.items()},
    }
    (root / "config.json").write_text(json.dumps(config))
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}}
    env.update(OIDC_PROVIDER_CONFIG=str(root / "config.json"), PYTHONUNBUFFERED="1")
    log_path = root / "provider.log"
    with log_path.open("wb") as log:
        process = start_process([sys.executable, "-m", "tests.oidc_provider.serve", str(port)], cwd=BASE_DIR,
                                env=env, stdout=log, stderr=subprocess.STDOUT)
    provider = Provider(f"http://127.0.0.1:{port}", process, log_path, root / "config.json")
    try:
        wait_until_up(provider)
        yield provider
    finally:
        stop_process_group(process)


def wait_until_up(provider: Provider, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if provider.process.poll() is not None:
            raise RuntimeError(f"the OIDC provider exited with {provider.process.returncode}:\n{provider.log()}")
        try:
            with urllib.request.urlopen(f"{provider.base_url}/o/.well-known/jwks.json", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the OIDC provider did not come up:\n{provider.log()}")


@pytest.fixture
def acm_idm(settings, acm_idm_provider):
    """The application's OIDC_* settings pointing at the loopback provider, as the environment would set them."""
    base = f"{acm_idm_provider.base_url}/o"
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{base}/authorize/"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{base}/token/"
    settings.OIDC_OP_USER_ENDPOINT = f"{base}/userinfo/"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{base}/.well-known/jwks.json"
    settings.OIDC_OP_LOGOUT_ENDPOINT = f"{base}/logout/"
    settings.OIDC_ROLES_CLAIM = ROLES_CLAIM
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"].append(acm_idm_provider.base_url)
    settings.CONTENT_SECURITY_POLICY = policy
    return acm_idm_provider

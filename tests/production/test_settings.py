"""Production settings: refuse to start half-configured, `check --deploy` clean, security headers, CSP, no
inline script, stateless storage choices."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.production.conftest import BASE_DIR, production_env

TEMPLATE_DIRS = [BASE_DIR / "templates", *sorted(BASE_DIR.glob("*/templates"))]


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )


class TestProductionStartup:
    @pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
    def test_refuses_to_start_without(self, missing):
        env = production_env()
        del env[missing]
        result = run_manage("check", env=env)
        assert result.returncode != 0
        assert "ImproperlyConfigured" in result.stderr
        assert f"DJANGO_ENV=production needs these environment variables: {missing}" in result.stderr

    def test_refuses_debug(self):
        result = run_manage("check", env=production_env(DEBUG="true"))
        assert result.returncode != 0
        assert "refuses DEBUG=true" in result.stderr

    def test_check_deploy_prints_no_warning(self):
        result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
        assert result.returncode == 0, result.stdout + result.stderr
        assert "System check identified no issues (0 silenced)." in result.stdout
        assert "WARNING" not in result.stdout + result.stderr

    def test_security_settings(self):
        names = [
            "DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_HTTPONLY",
            "SESSION_COOKIE_SAMESITE", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_SSL_REDIRECT",
            "SECURE_CONTENT_TYPE_NOSNIFF", "SECURE_REFERRER_POLICY", "X_FRAME_OPTIONS", "SESSION_ENGINE",
        ]
        code = (
            "import json; from django.conf import settings as s; "
            f"print(json.dumps({{name: getattr(s, name) for name in "
            f"{names!r}}} | {{'static': s.STORAGES['staticfiles']['BACKEND']}}))"
        )
        result = run_manage("shell", "--no-imports", "-c", code, env=production_env())
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout) == {
            "DEBUG": False,
            "SESSION_COOKIE_SECURE": True,
            "CSRF_COOKIE_SECURE": True,
            "SESSION_COOKIE_HTTPONLY": True,
            "CSRF_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SAMESITE": "Lax",
            "SECURE_HSTS_SECONDS": 31536000,
            "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
            "SECURE_SSL_REDIRECT": True,
            "SECURE_CONTENT_TYPE_NOSNIFF": True,
            "SECURE_REFERRER_POLICY": "same-origin",
            "X_FRAME_OPTIONS": "DENY",
            "SESSION_ENGINE": "django.contrib.sessions.backends.db",
            "static": "whitenoise.storage.CompressedManifestStaticFilesStorage",
        }

    def test_static_files_are_hashed_by_whitenoise(self, collected_static):
        manifest = json.loads((collected_static / "staticfiles.json").read_text())
        hashed = manifest["paths"]["css/app.css"]
        assert re.fullmatch(r"css/app\.[0-9a-f]{12}\.css", hashed)
        assert (collected_static / hashed).exists()


class TestSecurityHeaders:
    def test_every_response_carries_the_headers(self, client, db):
        response = client.get("/account/login/")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"
        assert "Content-Security-Policy" in response

    def test_csp_allows_no_inline_script_and_no_third_party_origin(self, client, db):
        policy = dict(
            (directive.split()[0], directive.split()[1:])
            for directive in client.get("/account/login/")["Content-Security-Policy"].split(";")
        )
        assert policy["script-src"] == ["'self'"]
        assert policy["default-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        sources = [source for sources in policy.values() for source in sources]
        assert "'unsafe-inline'" not in sources
        assert "'unsafe-eval'" not in sources
        assert not [source for source in sources if source.startswith(("http:", "https:", "*")) or "." in source]

    def test_csp_applies_to_the_admin(self, admin_client):
        response = admin_client.get("/admin/")
        assert response.status_code == 200
        assert "script-src 'self'" in response["Content-Security-Policy"]

    def test_templates_contain_no_inline_script(self):
        """The CSP forbids inline script, so none may creep into a template: every <script> has a src, no
        on...= event handler attributes, no javascript: URLs."""
        offenders = []
        for template_dir in TEMPLATE_DIRS:
            for path in template_dir.rglob("*.html"):
                text = path.read_text()
                for tag in re.findall(r"<script\b[^>]*>", text, flags=re.IGNORECASE):
                    if "src=" not in tag and 'type="application/json"' not in tag:
                        offenders.append(f"{path}: {tag}")
                offenders += [f"{path}: {m}" for m in re.findall(r"\son[a-z]+\s*=", text, flags=re.IGNORECASE)]
                offenders += [f"{path}: javascript:" for _ in re.findall(r"javascript:", text, flags=re.IGNORECASE)]
        assert offenders == []


class TestStatelessSettings:
    def test_sessions_live_in_the_database(self):
        assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"

    def test_import_previews_do_not_use_a_servers_temp_folder(self):
        assert settings.IMPORT_EXPORT_TMP_STORAGE_CLASS == "import_export.tmp_storages.MediaStorage"
        assert "import_export" in settings.STORAGES

    def test_private_import_files_are_outside_the_media_root(self):
        location = Path(settings.STORAGES["import_export"]["OPTIONS"]["location"])
        assert not location.resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())

    def test_uploads_go_through_storages(self):
        assert settings.STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"

"""Uploads are never rendered by a browser on the application's origin."""

import os
import subprocess
import sys

import pytest
from django.core.files.base import ContentFile

from tests.factories import UserFactory
from tests.production.conftest import BASE_DIR, production_env

HOSTILE_HTML = b"<html><script>alert(document.cookie)</script></html>"


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the setting_changed signal points the default storage there
    return tmp_path


def development_env() -> dict[str, str]:
    """The environment of `make run`: development settings, DEBUG on."""
    env = {key: value for key, value in os.environ.items() if key not in {"DJANGO_ENV", "DJANGO_SETTINGS_MODULE"}}
    env["DEBUG"] = "true"
    return env


@pytest.mark.parametrize("environment", [production_env, development_env])
def test_no_upload_is_routed_outside_the_permission_checked_views(environment):
    """Neither under `make run` nor in production does anything under /media/ reach a file: a final report's
    attachment is served only by the portal and staff views, which check who asks."""
    code = (
        "from django.urls import Resolver404, resolve\n"
        "try:\n    resolve('/media/final-reports/2022/report.html')\nexcept Resolver404:\n    print('not routed')"
    )
    result = subprocess.run([sys.executable, "manage.py", "shell", "--no-imports", "-c", code], cwd=BASE_DIR,
                            env=environment(), capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "not routed", result.stdout + result.stderr


@pytest.mark.django_db
class TestFinalReportAttachments:
    """The only upload of the application: a final report's attachment, checked by content on the way in and
    always sent as a download on the way out."""

    @pytest.fixture
    def award(self, client, media_root):
        from tests.factories import AwardFactory, MembershipFactory

        award = AwardFactory()
        contact = UserFactory(username="contact-upload")
        MembershipFactory(user=contact, academy=award.application.academy)
        client.force_login(contact)
        return award

    def test_an_html_file_is_refused(self, client, award, media_root):
        from django.core.files.uploadedfile import SimpleUploadedFile

        data = {"narrative": "x", "lines-TOTAL_FORMS": "0", "lines-INITIAL_FORMS": "0", "lines-MIN_NUM_FORMS": "0",
                "lines-MAX_NUM_FORMS": "1000", "save": "1",
                "attachment": SimpleUploadedFile("verslag.html", HOSTILE_HTML, content_type="text/html")}
        response = client.post(f"/portaal/toekenningen/{award.pk}/eindrapport/", data)
        assert response.status_code == 200  # the form again, with the error
        assert not [path for path in media_root.rglob("*") if path.is_file()]

    def test_a_pdf_carrying_html_is_only_ever_a_download(self, client, award):
        from grants.models import FinalReport

        polyglot = b"%PDF-1.4\n" + HOSTILE_HTML
        report = FinalReport.objects.create(award=award, narrative="x")
        report.attachment.save("verslag.pdf", ContentFile(polyglot))
        response = client.get(f"/portaal/toekenningen/{award.pk}/eindrapport/bijlage/")
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["Content-Type"] != "text/html"
        assert response["X-Content-Type-Options"] == "nosniff"

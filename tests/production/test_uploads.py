"""Uploads are never rendered by a browser on the application's origin."""

import subprocess
import sys

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.test import RequestFactory

from config import views
from tests.factories import UserFactory
from tests.production.conftest import BASE_DIR, production_env

HOSTILE_HTML = b"<html><script>alert(document.cookie)</script></html>"


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the setting_changed signal points the default storage there
    return tmp_path


@pytest.mark.django_db
class TestMediaView:
    def test_an_uploaded_html_file_is_a_download(self, media_root):
        name = default_storage.save("final-reports/2022/report.html", ContentFile(HOSTILE_HTML))
        request = RequestFactory().get(f"/media/{name}")
        request.user = UserFactory()
        response = views.media(request, name)
        assert response["Content-Type"] == "application/octet-stream"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"].startswith("sandbox")
        assert b"".join(response.streaming_content) == HOSTILE_HTML

    def test_no_path_outside_the_storage(self, media_root):
        request = RequestFactory().get("/media/../settings.py")
        request.user = UserFactory()
        with pytest.raises(Http404):
            views.media(request, "../config/settings.py")

    def test_anonymous_users_are_sent_to_log_in(self, media_root):
        from django.contrib.auth.models import AnonymousUser

        request = RequestFactory().get("/media/x.html")
        request.user = AnonymousUser()
        assert views.media(request, "x.html").status_code == 302

    def test_production_routes_no_media_at_all(self):
        """Under the production settings nothing under /media/ reaches a file (DEBUG only wires config.views.media)."""
        code = (
            "from django.urls import Resolver404, resolve\n"
            "try:\n    resolve('/media/final-reports/2022/report.html')\nexcept Resolver404:\n    print('not routed')"
        )
        result = subprocess.run([sys.executable, "manage.py", "shell", "--no-imports", "-c", code], cwd=BASE_DIR,
                                env=production_env(), capture_output=True, text=True, timeout=60)
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

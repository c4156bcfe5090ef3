"""Uploads are never rendered by a browser on the application's origin."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.test import RequestFactory
from django.urls import Resolver404, resolve

from config import views
from tests.factories import UserFactory

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

    def test_production_routes_no_media_at_all(self, settings):
        """With DEBUG off (as pytest runs, and as production runs) nothing under /media/ reaches a file."""
        assert not settings.DEBUG
        with pytest.raises(Resolver404):
            resolve("/media/final-reports/2022/report.html")

import pytest
from django.db import OperationalError

from config import views


@pytest.mark.django_db
class TestHealthz:
    def test_ok_when_the_database_answers(self, client):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok"}
        assert "no-cache" in response["Cache-Control"]

    def test_unavailable_when_the_database_is_down(self, client, monkeypatch):
        def broken_cursor():
            raise OperationalError("connection refused")

        monkeypatch.setattr(views.connection, "cursor", broken_cursor)
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json() == {"status": "error", "database": "unavailable"}
        assert "connection refused" not in response.content.decode()

    def test_read_only(self, client):
        assert client.post("/healthz").status_code == 405
        assert client.head("/healthz").status_code == 200

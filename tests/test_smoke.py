import pytest

from academies.models import Municipality


@pytest.mark.django_db
def test_reference_geography_is_loaded():
    assert Municipality.objects.for_year(2022).count() == 300


@pytest.mark.django_db
def test_login_page_is_dutch_by_default(client):
    response = client.get("/account/login/")
    assert response.status_code == 200
    assert 'lang="nl"' in response.content.decode()


def test_healthz(client, db):
    assert client.get("/healthz").json() == {"status": "ok"}

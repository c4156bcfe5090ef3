"""The API's pages speak Dutch (issue 27, point 4): /api/v1/ is a page, not an English "Page not found"; the docs
page and the OpenAPI document it shows are translated; the footer links the API and open-data pages."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_api_root_is_a_dutch_page_with_the_docs_link(client):
    response = client.get("/api/v1/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Lees-API, versie 1" in body and "Page not found" not in body
    assert 'href="/api/v1/docs/"' in body and 'href="/api/v1/openapi.json"' in body


def test_the_openapi_document_is_dutch_in_the_dutch_ui(client, reader):
    client.force_login(reader)
    document = client.get("/api/v1/openapi.json").json()
    assert document["info"]["title"] == "API STEM-academies"
    summaries = {operation["summary"] for path in document["paths"].values() for operation in path.values()}
    assert {"Oproepen", "Toekenningen", "Bereik per provincie", "Jaarcijfers"} <= summaries
    parameters = {parameter.get("description") for path in document["paths"].values()
                  for operation in path.values() for parameter in operation.get("parameters", [])}
    assert "Jaar van de oproep" in parameters and "Call year" not in parameters


def test_the_openapi_document_stays_english_in_english(client, reader):
    client.force_login(reader)
    client.cookies["django_language"] = "en"
    document = client.get("/api/v1/openapi.json", HTTP_ACCEPT_LANGUAGE="en").json()
    assert document["info"]["title"] == "STEM-academies API"


def test_the_docs_page_has_a_dutch_introduction(client):
    body = client.get("/api/v1/docs/").content.decode()
    assert '<html lang="nl">' in body
    assert "API-documentatie" in body and "De lees-API geeft de cijfers" in body


def test_the_footer_links_open_data_and_the_api(client):
    body = client.get(reverse("accessibility")).content.decode()
    assert f'href="{reverse("api:open-data")}"' in body and 'href="/api/v1/"' in body

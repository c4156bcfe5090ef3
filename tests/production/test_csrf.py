"""CSRF on every state-changing request: every URL of the project (portal, staff pages, reports, imports, admin,
accounts) refuses a POST, PUT, PATCH or DELETE without the CSRF token, whoever sends it."""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import UserFactory

SAMPLE = {"int": "1", "str": "x", "slug": "x", "uuid": "00000000-0000-0000-0000-000000000000", "path": "x/y",
          "programme_year": "2022", "giving_selection": "2022"}


def all_paths() -> list[tuple[str, object]]:
    """A concrete path for every URL pattern (converters filled with sample values) and its view."""
    found = []

    def walk(resolvers, prefix: str) -> None:
        for entry in resolvers:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                found.append((prefix + str(entry.pattern), entry.callback))

    walk(get_resolver().url_patterns, "")
    paths = []
    for route, view in found:
        path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE.get(m.group(1) or "str", "x"), route)
        path = re.sub(r"[\^\$]|\\Z|\(\?P<\w+>[^)]*\)", lambda m: "x" if m.group(0).startswith("(") else "", path)
        paths.append(("/" + path.replace("\\", ""), view))
    return paths


def test_the_project_has_many_urls_and_none_is_exempt():
    paths = all_paths()
    assert len(paths) > 50
    exempt = [path for path, view in paths if getattr(view, "csrf_exempt", False)]
    assert exempt == []


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "contact", "staff"])
def test_every_url_refuses_a_post_without_token(who):
    client = Client(enforce_csrf_checks=True)
    if who != "anonymous":
        client.force_login(UserFactory(username=who, is_staff=who == "staff", is_superuser=who == "staff"))
    accepted = []
    for path, _view in all_paths():
        response = client.post(path, {"name": "x"})
        if response.status_code != 403:
            accepted.append(f"{path}: {response.status_code}")
    assert accepted == []


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_other_unsafe_methods_are_refused_too(method, client):
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(username="staff", is_staff=True, is_superuser=True))
    for path in ["/portaal/", "/beheer/", "/admin/academies/academy/1/delete/", "/account/login/"]:
        assert getattr(client, method)(path).status_code == 403, path


@pytest.mark.django_db
def test_a_post_with_the_token_is_accepted():
    """The control: the same client with the token from the form gets past the CSRF check."""
    UserFactory(username="contact")
    client = Client(enforce_csrf_checks=True)
    client.get("/account/login/")
    token = client.cookies["csrftoken"].value
    response = client.post("/account/login/", {"username": "contact", "password": "correct-horse-battery",
                                               "csrfmiddlewaretoken": token})
    assert response.status_code == 302

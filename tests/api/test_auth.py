"""Who reads the API: no token 401, a revoked token 401, an academy contact's session 403, a reader's token 200."""

import pytest

from api.models import ApiToken
from api.services import hash_key, token_create, token_revoke
from tests.api.conftest import bearer

URL = "/api/v1/trend"


@pytest.mark.django_db
class TestTokenAuth:
    def test_no_token_is_401(self, client):
        assert client.get(URL).status_code == 401

    def test_unknown_token_is_401(self, client):
        assert client.get(URL, **bearer("not-a-token")).status_code == 401

    def test_revoked_token_is_401(self, client, reader_key, manager):
        token = ApiToken.objects.get(key_hash=hash_key(reader_key))
        token_revoke(token=token, revoked_by=manager)
        assert client.get(URL, **bearer(reader_key)).status_code == 401

    def test_contact_session_is_403(self, client, academy_user):
        client.force_login(academy_user)
        assert client.get(URL).status_code == 403

    def test_reader_token_is_200(self, client, reader_key):
        response = client.get(URL, **bearer(reader_key))
        assert response.status_code == 200
        assert response.json() == []

    def test_staff_session_is_200(self, client, reader):
        client.force_login(reader)
        assert client.get(URL).status_code == 200

    def test_token_of_user_no_longer_staff_is_401(self, client, reader_key, reader):
        reader.is_staff = False
        reader.save()
        assert client.get(URL, **bearer(reader_key)).status_code == 401

    def test_only_the_hash_is_stored(self, reader_key):
        token = ApiToken.objects.get()
        assert token.key_hash == hash_key(reader_key) != reader_key
        assert reader_key.startswith(token.prefix)

    def test_no_token_for_a_contact(self, academy_user, manager):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError):
            token_create(name="x", user=academy_user, created_by=manager)

    def test_write_methods_are_refused(self, client, reader_key):
        assert client.post(URL, **bearer(reader_key)).status_code == 405


@pytest.mark.django_db
class TestTokenAdmin:
    def test_key_is_shown_once_on_creation(self, client, manager, reader):
        client.force_login(manager)
        response = client.post("/admin/api/apitoken/add/", {"name": "dashboard", "user": reader.pk})
        assert response.status_code == 200
        key = response.context["key"]
        token = ApiToken.objects.get()
        assert token.key_hash == hash_key(key) and token.created_by == manager
        assert key not in client.get(f"/admin/api/apitoken/{token.pk}/change/").content.decode()
        assert client.get(URL, **bearer(key)).status_code == 200

    def test_contact_cannot_get_a_token(self, client, manager, academy_user):
        client.force_login(manager)
        response = client.post("/admin/api/apitoken/add/", {"name": "x", "user": academy_user.pk})
        assert response.status_code == 200 and not ApiToken.objects.exists()

    def test_revoke_action(self, client, manager, reader_key):
        client.force_login(manager)
        token = ApiToken.objects.get()
        client.post("/admin/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
        token.refresh_from_db()
        assert token.revoked_at is not None and token.revoked_by == manager
        assert client.get(URL, **bearer(reader_key)).status_code == 401

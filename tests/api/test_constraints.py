"""The database refuses a malformed token hash, a revocation before creation and a published year out of range."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from api.models import ApiToken, PublishedYear

pytestmark = pytest.mark.django_db


def assert_rejected(change, constraint: str) -> None:
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        change()
    assert constraint in str(excinfo.value)


def test_hash_must_be_sha256_hex(reader):
    assert_rejected(lambda: ApiToken.objects.create(name="x", user=reader, prefix="abc", key_hash="plain-key"),
                    "api_token_hash_is_sha256")


def test_revocation_before_creation_is_rejected(reader):
    token = ApiToken.objects.create(name="x", user=reader, prefix="abc", key_hash="a" * 64)
    assert_rejected(lambda: ApiToken.objects.filter(pk=token.pk).update(
        revoked_at=token.created_at - datetime.timedelta(seconds=1)), "api_token_revoked_after_creation")


def test_published_year_in_range():
    assert_rejected(lambda: PublishedYear.objects.create(year=1999), "published_year_in_range")

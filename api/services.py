"""Writes of the api app: API tokens and published years."""

import datetime
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import ApiToken, PublishedYear
from grants.rules import may_read_reports

KEY_BYTES = 32
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


def hash_key(key: str) -> str:
    """SHA-256 of the key: keys are 256 random bits, so a plain hash cannot be brute-forced (no salt needed)."""
    return hashlib.sha256(key.encode()).hexdigest()


def token_validate_user(*, user) -> None:
    if not may_read_reports(user):
        raise ValidationError({"user": _("API tokens are only for VLAIO staff who may read the reports.")})


@transaction.atomic
def token_create(*, name: str, user, created_by) -> tuple[ApiToken, str]:
    """A new token for `user` (VLAIO staff only). Returns the token and the key, which is not stored and cannot be
    shown again."""
    token_validate_user(user=user)
    key = secrets.token_urlsafe(KEY_BYTES)
    token = ApiToken(name=name, user=user, prefix=key[:8], key_hash=hash_key(key), created_by=created_by)
    token.full_clean()
    token.save()
    return token, key


def token_revoke(*, token: ApiToken, revoked_by) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = revoked_by
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token


def token_authenticate(key: str):
    """The user an active token acts for, or None (unknown, revoked, or the user may no longer read reports)."""
    if not key:
        return None
    token = ApiToken.objects.active().select_related("user").filter(key_hash=hash_key(key)).first()
    if token is None or not may_read_reports(token.user):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def year_publish(*, year: int, published_by) -> PublishedYear:
    published, _created = PublishedYear.objects.get_or_create(year=year, defaults={"published_by": published_by})
    return published


def year_unpublish(*, year: int) -> None:
    PublishedYear.objects.filter(year=year).delete()

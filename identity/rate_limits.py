"""Rate limits of public actions that send e-mail without a login (the accessibility statement's feedback form),
kept in the database like the password-reset throttle (identity.services.password_reset_throttle), so that every
app server counts the same requests."""

import datetime

from django.db import transaction
from django.utils import timezone

from identity.models import RateLimitedRequest
from identity.services import digest

KEEP = datetime.timedelta(days=1)


class RateLimited(Exception):
    """Too many requests of an action: from this client address, or from anywhere."""


def rate_limit(*, action: str, client_address: str | None, per_client: int, overall: int,
               window: datetime.timedelta = datetime.timedelta(hours=1)) -> None:
    """Record one request of `action`; RateLimited when this client made `per_client` or more, or everyone
    `overall` or more, in the last `window`. Refused requests count too, so hammering does not reopen the
    window."""
    now = timezone.now()
    request = RateLimitedRequest(action=action, client_digest=digest(client_address or "unknown"))
    request.full_clean()
    with transaction.atomic():
        RateLimitedRequest.objects.filter(requested_at__lt=now - KEEP).delete()
        recent = RateLimitedRequest.objects.filter(action=action, requested_at__gte=now - window)
        from_client = recent.filter(client_digest=request.client_digest).count()
        from_everyone = recent.count()
        request.save()
    if from_client >= per_client or from_everyone >= overall:
        raise RateLimited(action)

import datetime

import pytest
from django.utils import timezone

from identity.models import RateLimitedRequest
from identity.rate_limits import RateLimited, rate_limit

pytestmark = pytest.mark.django_db


def test_per_client_and_per_action():
    for _attempt in range(2):
        rate_limit(action="a", client_address="192.0.2.1", per_client=2, overall=10)
    with pytest.raises(RateLimited):
        rate_limit(action="a", client_address="192.0.2.1", per_client=2, overall=10)
    rate_limit(action="b", client_address="192.0.2.1", per_client=2, overall=10)
    rate_limit(action="a", client_address="192.0.2.2", per_client=2, overall=10)


def test_the_window_reopens_and_old_requests_are_deleted():
    rate_limit(action="a", client_address="192.0.2.1", per_client=1, overall=10)
    RateLimitedRequest.objects.update(requested_at=timezone.now() - datetime.timedelta(hours=2))
    rate_limit(action="a", client_address="192.0.2.1", per_client=1, overall=10)
    RateLimitedRequest.objects.update(requested_at=timezone.now() - datetime.timedelta(days=2))
    rate_limit(action="a", client_address="192.0.2.1", per_client=1, overall=10)
    assert RateLimitedRequest.objects.count() == 1


def test_the_client_address_is_stored_as_a_digest():
    rate_limit(action="a", client_address="192.0.2.1", per_client=1, overall=10)
    assert "192.0.2.1" not in RateLimitedRequest.objects.get().client_digest

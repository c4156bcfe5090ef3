"""Property-based test of the read API over real HTTP: schemathesis generates requests from the OpenAPI document
(bounded examples per operation) against the live test server; no 5xx and no response outside the schema."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.services import token_create
from tests.api.data import build_api_dataset
from tests.factories import StaffUserFactory

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def api_schema(live_server, reference_data, transactional_db):
    from django.contrib.auth.models import Group

    from grants.groups import READER_GROUP, sync_staff_groups

    sync_staff_groups()
    build_api_dataset()
    reader = StaffUserFactory(username="schemathesis-lezer")
    reader.groups.add(Group.objects.get(name=READER_GROUP))
    _token, key = token_create(name="schemathesis", user=reader, created_by=None)
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    schema.config.headers = {"Authorization": f"Bearer {key}"}
    return schema


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_api_conforms_to_its_schema(case, api_schema):
    case.call_and_validate(headers={"Authorization": api_schema.config.headers["Authorization"]}, checks=CHECKS,
                           timeout=30)

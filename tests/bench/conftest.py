import pytest

from tests.conftest import require_postgresql


@pytest.fixture
def postgres_only(db):
    """For the COPY floors: skipped locally on SQLite, a failure in CI."""
    require_postgresql()

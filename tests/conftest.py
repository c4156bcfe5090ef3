import pytest
from django.core.management import call_command

from academies.models import Province


def load_reference_data() -> None:
    if not Province.objects.exists():
        call_command("load_reference", verbosity=0)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the Flemish reference geography (provinces, municipalities, postcodes)."""
    with django_db_blocker.unblock():
        load_reference_data()


@pytest.fixture
def reference_data(db):
    """For transactional tests, whose flush removes the session's reference data."""
    load_reference_data()


@pytest.fixture(autouse=True)
def _no_axes_lockouts(settings):
    settings.AXES_ENABLED = False

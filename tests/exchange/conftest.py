import datetime
import os
from decimal import Decimal

import pytest

from tests.conftest import require_postgresql, skip_or_fail
from tests.exchange.office import SOFFICE, LibreOffice
from tests.factories import AcademyFactory, AwardFactory, CallFactory


@pytest.fixture
def postgres_only(db):
    """For tests of PostgreSQL-only features (COPY): skipped locally on SQLite, a failure in CI."""
    require_postgresql()


@pytest.fixture
def call_2022(db):
    return CallFactory(code="oproep-2022", year=2022)


@pytest.fixture
def awarded_academies(call_2022):
    """Three academies with an award in the 2022 call: academie-a, academie-b, academie-c."""
    awards = []
    for letter in "abc":
        academy = AcademyFactory(code=f"academie-{letter}", name=f"STEM-academie {letter.upper()}")
        awards.append(AwardFactory(application__call=call_2022, application__academy=academy,
                                   amount=Decimal("4000.00"), decided_on=datetime.date(2022, 3, 1)))
    return awards


@pytest.fixture(scope="session")
def libreoffice(tmp_path_factory):
    """LibreOffice converting test sheets to real XLSX and Belgian CSV files, cached for the session. Without
    soffice a developer's run skips the test; CI (CI=true) fails it, because CI installs libreoffice-calc-nogui."""
    if not os.access(SOFFICE, os.X_OK):
        skip_or_fail(f"{SOFFICE} is absent: these tests import files written by LibreOffice "
                     "(apt-get install libreoffice-calc-nogui)")
    return LibreOffice(tmp_path_factory.mktemp("libreoffice"))

"""A backup is only a backup once a restore has been proven: scripts/backup_restore_check.sh dumps the database
with pg_dump, restores it with pg_restore into a scratch database and compares every table."""

import subprocess

import pytest

from grants.models import FinalReportStatus
from tests.conftest import require_postgresql
from tests.factories import AwardFactory, FinalReportFactory, FinalReportLineFactory
from tests.production.conftest import BASE_DIR, database_url_of_test_database

pytestmark = [pytest.mark.postgres]


def test_a_backup_restores_identically(database_owner, transactional_db, reference_data, tmp_path):
    require_postgresql()
    report = FinalReportFactory(award=AwardFactory(funded=["44021"]), status=FinalReportStatus.SUBMITTED,
                                narrative="Met één accent, \"aanhalingstekens\" en een\nnieuwe regel.")
    FinalReportLineFactory(report=report, participants=37, boys=20, girls=17)

    result = subprocess.run(
        ["scripts/backup_restore_check.sh", database_url_of_test_database()], cwd=BASE_DIR,
        env={"PATH": "/usr/bin:/bin:/usr/local/bin", "BACKUP_DIR": str(tmp_path)},
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "restore check OK" in result.stdout
    tables = int(result.stdout.split("restore check OK: ")[1].split(" tables")[0])
    assert tables > 30
    kept = list(tmp_path.glob("*.dump"))
    assert len(kept) == 1 and kept[0].stat().st_size > 0

import io

import pytest
from django.core.management import CommandError, call_command

from grants.models import FinalReportLine
from tests.exchange.helpers import csv_bytes

HEADER = ["oproep", "academie", "gemeente", "halve_dagen", "deelnemers", "meisjes"]


@pytest.mark.django_db
class TestImportDataCommand:
    def test_errors_go_to_stderr_and_nothing_is_written(self, awarded_academies, tmp_path):
        path = tmp_path / "eindrapportages.csv"
        path.write_bytes(csv_bytes([HEADER, ["oproep-2022", "academie-a", "Gent", "2", "10", "4"],
                                    ["oproep-2022", "academie-a", "1804", "2", "10", "abc"]]))
        stderr = io.StringIO()
        with pytest.raises(CommandError, match="2 fout"):
            call_command("import_data", "finalreports", str(path), stdout=io.StringIO(), stderr=stderr)
        assert stderr.getvalue().splitlines() == [
            "rij 3, kolom 'gemeente': postcode 1804 is dubbelzinnig in 2022: Vilvoorde (23088), Zemst (23096); "
            "geef de NIS-code",
            "rij 3, kolom 'meisjes': 'abc' is geen geheel getal",
        ]
        assert not FinalReportLine.objects.exists()

    def test_dry_run(self, awarded_academies, tmp_path):
        path = tmp_path / "eindrapportages.csv"
        path.write_bytes(csv_bytes([HEADER, ["oproep-2022", "academie-a", "Gent", "2", "10", "4"]]))
        out = io.StringIO()
        call_command("import_data", "finalreports", str(path), "--dry-run", stdout=out)
        assert "2 nieuw" in out.getvalue() and "Proefimport" in out.getvalue()
        assert not FinalReportLine.objects.exists()
        call_command("import_data", "finalreports", str(path), stdout=out)
        assert FinalReportLine.objects.count() == 1


@pytest.mark.django_db
def test_event_admin_has_import_and_export(client):
    from django.contrib.auth.models import Group

    from grants.groups import MANAGER_GROUP
    from tests.factories import StaffUserFactory

    user = StaffUserFactory()
    user.groups.add(Group.objects.get(name=MANAGER_GROUP))
    client.force_login(user)
    assert client.get("/admin/academies/event/import/").status_code == 200
    assert client.get("/admin/academies/event/").status_code == 200


@pytest.mark.django_db
def test_a_database_refusal_is_a_validation_error(awarded_academies, monkeypatch):
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError

    from exchange.importing.finalreports import FinalReportKind
    from exchange.services import import_file

    def refuse(self, plan, user):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(FinalReportKind, "write", refuse)
    with pytest.raises(ValidationError, match="De databank weigerde de import"):
        import_file(kind="finalreports", data=csv_bytes([HEADER, ["oproep-2022", "academie-a", "Gent", "2", "", ""]]))

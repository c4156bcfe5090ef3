import io

import pytest
from openpyxl import Workbook

from exchange.errors import ImportFailed
from exchange.services import import_file
from grants.models import FinalReport, FinalReportLine

HEADER = "oproep;academie;status;gemeente;halve_dagen;deelnemers;jongens;meisjes;andere"


def csv_bytes(lines: list[str], encoding: str = "utf-8") -> bytes:
    return "\r\n".join(lines).encode(encoding)


@pytest.mark.django_db
class TestBelgianFiles:
    def test_windows_1252_semicolon_csv(self, awarded_academies):
        data = csv_bytes([
            HEADER + ";niet_toewijsbaar_deelnemers",
            "oproep-2022;academie-a;ingediend;Gent;4;1.234;700;500;;",
            "oproep-2022;academie-a;;Sint-Niklaas;2;;;;;",
            "oproep-2022;academie-b;aanvaard;;;;;;;37",
        ], encoding="cp1252")
        summary = import_file(kind="finalreports", data=data)
        assert summary.created == 4  # two reports, two lines
        gent = FinalReportLine.objects.get(municipality_id="44021")
        assert (gent.participants, gent.boys, gent.girls, gent.other) == (1234, 700, 500, None)
        assert FinalReportLine.objects.get(municipality_id="46021").participants is None
        report_b = FinalReport.objects.get(award__application__academy__code="academie-b")
        assert report_b.unattributed_participants == 37
        assert report_b.status == "accepted"
        assert not report_b.lines.exists()

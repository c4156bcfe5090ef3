"""Per import kind, a row that the staff form (or the model's `full_clean()` every form calls) would refuse is refused
by the import too, naming its row, and nothing is written; the import asks the same check as the form: the model's
`full_clean()`, or for awards the staff decision's `grants.services.award_check` (issues 22 and 23)."""

import pytest

from academies.models import Academy, Event, Recognition
from exchange.errors import ImportFailed
from exchange.services import import_file
from grants import services
from grants.models import Award, Call, FinalReportLine, YearBudget
from tests.exchange.helpers import csv_bytes
from tests.factories import AcademyFactory

pytestmark = pytest.mark.django_db

REFUSED = {
    "academies": ([["code", "naam", "type_organisatie", "gemeente_zetel", "email"],
                   ["nieuw", "Nieuw", "school", "Gent", "geen-adres"]], Academy, {"code": "nieuw"}),
    "calls": ([["code", "jaar", "soort", "titel", "budget", "opent_op", "sluit_op", "bedrag_per_gemeente"],
               ["oproep-x", "2022", "academy_rollout", "X", "1.000,00", "31/01/2022", "01/11/2021", "2.000,00"]],
              Call, {"code": "oproep-x"}),
    "awards": ([["oproep", "academie", "bedrag", "beslist_op", "gemeenten"],
                ["oproep-2022", "academie-d", "9.999,00", "04/05/2022", "Gent"]], Award,
               {"application__academy__code": "academie-d"}),
    "finalreports": ([["oproep", "academie", "gemeente", "halve_dagen", "deelnemers", "jongens", "meisjes"],
                      ["oproep-2022", "academie-a", "Gent", "2", "10", "8", "8"]], FinalReportLine, {}),
    "recognitions": ([["academie", "geldig_vanaf", "geldig_tot"], ["academie-a", "01/09/2022", "01/01/2022"]],
                     Recognition, {}),
    "events": ([["uit_id", "naam", "startdatum", "einddatum"], ["e-1", "Robotkamp", "08/07/2022", "04/07/2022"]],
               Event, {}),
    "yearbudgets": ([["jaar", "bedrag"], ["1999", "1.000,00"]], YearBudget, {}),
}


@pytest.mark.parametrize("kind", sorted(REFUSED))
def test_a_row_the_form_refuses_is_refused(kind, awarded_academies):
    AcademyFactory(code="academie-d")
    rows, model, lookup = REFUSED[kind]
    before = model.objects.count()
    with pytest.raises(ImportFailed) as failure:
        import_file(kind=kind, data=csv_bytes(rows))
    assert [error.row for error in failure.value.row_errors] == [2], failure.value.row_errors
    assert model.objects.count() == before
    if lookup:
        assert not model.objects.filter(**lookup).exists()


CHECKS = {"academies": (Academy, "full_clean"), "calls": (Call, "full_clean"), "awards": (services, "award_check"),
          "finalreports": (FinalReportLine, "full_clean"), "recognitions": (Recognition, "full_clean"),
          "events": (Event, "full_clean"), "yearbudgets": (YearBudget, "full_clean")}


@pytest.mark.parametrize("kind", sorted(REFUSED))
def test_the_import_asks_the_form_s_own_check(kind, awarded_academies, monkeypatch):
    AcademyFactory(code="academie-d")
    owner, name = CHECKS[kind]
    check, calls = getattr(owner, name), []

    def spy(*args, **kwargs):
        calls.append(args)
        return check(*args, **kwargs)

    monkeypatch.setattr(owner, name, spy)
    with pytest.raises(ImportFailed):
        import_file(kind=kind, data=csv_bytes(REFUSED[kind][0]))
    assert calls, f"the {kind} import did not call {owner.__name__}.{name}"

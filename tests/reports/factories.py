"""Small hand-built report datasets on top of tests/factories.py."""

from decimal import Decimal

from academies.models import OrganisationType
from grants.models import FinalReportStatus
from tests.factories import (
    AcademyFactory,
    ApplicationFactory,
    AwardFactory,
    CallFactory,
    FinalReportFactory,
    FinalReportLineFactory,
    municipality,
)


def funded_award(*, call, academy=None, funded=(), amount=Decimal("4000.00"), organisation_type=None):
    academy = academy or AcademyFactory(
        organisation_type=organisation_type or OrganisationType.YOUTH_ORGANISATION)
    return AwardFactory(application=ApplicationFactory(call=call, academy=academy, status="awarded"),
                        amount=amount, funded=list(funded))


def report(*, award, lines=(), status=FinalReportStatus.SUBMITTED, **unattributed):
    """`lines`: (nis_code, participants, boys, girls, other) tuples; `unattributed`: participants=..., boys=..."""
    final_report = FinalReportFactory(award=award, status=status,
                                      **{f"unattributed_{key}": value for key, value in unattributed.items()})
    for code, participants, boys, girls, other in lines:
        FinalReportLineFactory(report=final_report, municipality=municipality(code), participants=participants,
                               boys=boys, girls=girls, other=other)
    return final_report


def call_of(year: int, **kwargs):
    return CallFactory(year=year, code=f"rollout-{year}-{kwargs.pop('suffix', '')}", **kwargs)

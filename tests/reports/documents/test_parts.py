"""Issue 27, point 4: the Dutch of the answer where a number meets a noun or a verb, with counts 0, 1 and 2
("1 eindrapportage vermeldt", never "1 eindrapportages vermelden"; "Enerzijds" only when "Daarnaast" follows)."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import translation

from grants.models import CallKind
from reports.documents.content import answer_content
from reports.documents.parts import Figures, money_sentences, participants_text
from tests.reports.factories import call_of, funded_award, report

GENT, ANTWERPEN = "44021", "11002"


def texts(content) -> str:
    return " ".join(block.text for part in content.parts for block in part.blocks if block.kind == "text")


@pytest.mark.django_db
class TestTheAnswerInDutch:
    def test_one_of_each(self):
        call = call_of(2022)
        report(award=funded_award(call=call, funded=[GENT]), lines=[(GENT, 1, 1, 0, None)])
        content = answer_content(year=2022, annexes=False)
        answer = texts(content)
        assert "In 2022 had 1 gemeente een STEM-academie" in answer
        assert "activiteiten gepland in 1 gemeente." in answer
        assert "minstens 1 jongere bereikt." in answer
        assert "1 van de 1 ontvangen eindrapportage vermeldt een aantal deelnemers" in answer
        assert "(1 van de 1 ontvangen eindrapportage geeft een verdeling)" in answer
        assert "over de 1 academie waarvan" in answer
        assert "Voor STEM in de vrije tijd werd er in 2022 1 oproep gelanceerd." in answer
        assert "Er is € 4.000,00 toegekend aan 1 STEM-academie voor" in answer.replace("\u00a0", " ")
        assert "Enerzijds" not in answer and "Daarnaast" not in answer
        assert "startte in 2019; dat jaar werden volgens de eindrapportages 0 gemeenten bereikt" in answer
        assert content.status_line.endswith("Eindrapportages ontvangen: 1 van 1; met een aantal deelnemers: 1; "
                                            "met een verdeling naar gender: 1.")

    def test_two_of_each(self):
        call = call_of(2022)
        for code in (GENT, ANTWERPEN):
            report(award=funded_award(call=call, funded=[code]), lines=[(code, 10, 5, 5, None)], participants=1)
        answer = texts(answer_content(year=2022, annexes=False))
        assert "In 2022 hadden 2 gemeenten een STEM-academie" in answer
        assert "minstens 22 jongeren bereikt." in answer
        assert "2 van de 2 ontvangen eindrapportages vermelden een aantal deelnemers" in answer
        assert "(2 van de 2 ontvangen eindrapportages geven een verdeling)" in answer
        assert "over de 2 academies waarvan" in answer
        assert "Daarvan konden er 2 niet aan een gemeente worden toegewezen; zij tellen mee" in answer
        assert "toegekend aan 2 STEM-academies voor" in answer


def participation(**counts):
    values = dict(reports_expected=2, reports_received=2, participants_at_least=None, reports_with_participants=0,
                  participants_unattributed=0)
    return SimpleNamespace(**{**values, **counts})


@pytest.mark.parametrize("counts, expected", [
    (dict(reports_with_participants=0), "geen verplichting: 0 van de 2 ontvangen eindrapportages vermelden"),
    (dict(reports_with_participants=1, reports_received=1, participants_at_least=1),
     "minstens 1 jongere bereikt. Het doorgeven van het aantal deelnemers is geen verplichting: 1 van de 1 "
     "ontvangen eindrapportage vermeldt"),
    (dict(reports_with_participants=1, participants_at_least=5, participants_unattributed=1),
     "1 van de 2 ontvangen eindrapportages vermeldt een aantal deelnemers, dus dit cijfer is een ondergrens. "
     "Daarvan kon er 1 niet aan een gemeente worden toegewezen; die telt mee"),
])
def test_participants_text(counts, expected):
    with translation.override("nl"):
        assert expected in participants_text(participation(**counts), 2022)


def money(*, academies: int, awards: int, projects: int) -> SimpleNamespace:
    by_kind = {}
    if academies:
        by_kind[CallKind.ACADEMY_ROLLOUT] = SimpleNamespace(awarded=Decimal("9000.00"), academy_count=academies,
                                                            award_count=awards)
    if projects:
        by_kind[CallKind.PARTNERSHIP_PROJECT] = SimpleNamespace(awarded=Decimal("50000.00"), award_count=projects)
    calls = [object()] * (bool(academies) + bool(projects))
    return SimpleNamespace(year=2022, this_year=SimpleNamespace(calls=calls), next_year=None, by_kind=by_kind)


@pytest.mark.parametrize("counts, expected", [
    (dict(academies=1, awards=1, projects=0), "werd er in 2022 1 oproep gelanceerd. Er is € 9.000,00 toegekend "
                                              "aan 1 STEM-academie voor het uitrollen van STEM-activiteiten."),
    (dict(academies=1, awards=2, projects=1), "Enerzijds is er € 9.000,00 toegekend aan 1 STEM-academie voor het "
                                              "uitrollen van STEM-activiteiten. (2 toekenningen: sommige academies "
                                              "werden in meer dan één oproep gefinancierd.) Daarnaast is er "
                                              "€ 50.000,00 toegekend aan 1 vernieuwingsproject van een partnerschap."),
    (dict(academies=2, awards=2, projects=13), "Enerzijds is er € 9.000,00 toegekend aan 2 STEM-academies voor het "
                                               "uitrollen van STEM-activiteiten. Daarnaast is er € 50.000,00 "
                                               "toegekend aan 13 vernieuwingsprojecten van partnerschappen."),
    (dict(academies=0, awards=0, projects=2), "werd er in 2022 1 oproep gelanceerd. Er is € 50.000,00 toegekend aan "
                                              "2 vernieuwingsprojecten van partnerschappen."),
])
@pytest.mark.django_db
def test_money_sentences(counts, expected):
    with translation.override("nl"):
        text = " ".join(money_sentences(money(**counts), Figures(), as_of=datetime.date(2023, 6, 1)))
    assert expected in text.replace("\u00a0", " ")
    assert ("Enerzijds" in text) == ("Daarnaast" in text)

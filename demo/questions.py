"""Demo written questions: the seed's question about 2022 answered and sent (its text blocks are the explanations of
the published answer), and an open question of 2026 due within a few working days. Members of parliament are
invented. Idempotent: a question already there is left alone."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from questions import services
from questions.deadline import add_working_days
from questions.models import WrittenQuestion

MINISTER = "Vlaams minister van Economie, Innovatie, Werk, Sociale Economie en Landbouw"

SEED_QUESTION = """STEM-academies - Stand van zaken

Het Agentschap Innoveren en Ondernemen (VLAIO) ondersteunt heel wat initiatieven om STEM in de kijker te zetten. \
Onlangs konden dertien STEM-partnerschappen van start gaan. Gedurende anderhalf jaar kunnen zij STEM-trajecten voor \
vrijetijdsbesteding bij jongeren verder ontwikkelen. Deze projecten spelen in op één van de drie \
transitieprioriteiten: digitalisering, circulaire economie en energie&klimaat.

De STEM-academies lopen al sinds 2014. Steeds meer gemeenten gaan in op dit aanbod om kinderen en jongeren kennis te \
laten maken met STEM. In 2020 bereikte men in 221 gemeenten samen 12.500 kinderen. In 2021 organiseerden 220 \
gemeenten minstens één STEM-academie waar in totaal minstens 36.340 kinderen en jongeren mee bereikt werden.

Graag ontving ik volgende gegevens over de STEM-academies in 2022.

1. Welke Vlaamse gemeenten organiseerden in 2022 minstens één STEM-academie? Graag een overzicht per provincie en met \
vermelding van hoeveel kinderen en jongeren ze daarmee telkens bereikten + een onderscheid naar gender als deze \
gegevens beschikbaar zijn.

2. In hoeveel middelen voorzag de minister voor deze maatregel in 2022? Welk budget is er in 2023 gereserveerd?

3. Heeft de minister een overzicht van het aantal academies en deelnemers vanaf het begin van dit project tot nu? \
Graag een overzicht per jaar met vermelding van welke gemeenten deelnamen en hoeveel kinderen en jongeren daarmee \
werden bereikt."""

SEED_TEXT_BLOCKS = {
    "introduction": "Steeds meer jongeren lijken hun weg naar STEM te vinden.",
    "children": """Het doorgeven van het aantal deelnemers is geen verplichting. In lijn met de ambitie van de \
Vlaamse Overheid worden de subsidies berekend per bereikte gemeente en niet per kind. De uitdaging ligt net in het \
bereiken van de minder evidente groepen kinderen en jongeren en het verbreden van het aanbod met een breed scala aan \
topics. Ook innovatie binnen het aanbod wordt gestimuleerd. Focussen op aantal bereikte kinderen bevoordeelt in te \
hoge mate laagdrempelige initiatieven voor kinderen die je gemakkelijk bereikt; zoals kinderen van ouders met een \
technisch/wetenschappelijke achtergrond.

Het gaat bij de genderverdeling over een gemiddelde: er zijn initiatieven zoals bijvoorbeeld de MaakBibs waarbij een \
meer gelijke verdeling wordt behaald.

Het aantal bereikte kinderen is een onderschatting aangezien dit enkel de kinderen zijn die bereikt worden via \
gesubsidieerde trajecten door VLAIO. VLAIO wenst met de laagdrempelige subsidies organisaties aan te moedigen om \
STEM-trajecten in hun activiteiten op te nemen, zodat STEM kan uitgroeien tot een volwaardige hobby. Een \
STEM-academie organiseert dus vaak meer STEM-activiteiten dan de gesubsidieerde trajecten en bereikt meer jongeren.""",
    "money": """De projecten voor vernieuwing spelen specifiek in op 14+ jarigen omdat er te weinig aanbod voor deze \
doelgroep voorhanden is.

Het budget voor het volgende jaar willen we graag inzetten op:
- meer verbinding in het STEM-ecosysteem;
- de ontwikkeling van innovatieve trajecten;
- het effectief uitrollen van deze trajecten.

De voorbereiding hiervoor is nu lopende; in de loop van het voorjaar worden de concrete modaliteiten (proces, \
voorwaarden, budgetten) bekendgemaakt.""",
    "trend": """Zoals hierboven beschreven wordt er bewust niet gefocust op het aantal deelnemers van de \
STEM-academies en kan er niet lineair gezegd worden hoeveel deelnemers er zijn geweest vanaf 2019 tot nu.

Buiten deze kwantitatieve cijfers is er ook onderzoek gedaan in 2021/2022 naar de impact van de STEM-academies op de \
beroepsinteresse en STEM-identiteit van jongeren. Hieruit blijkt dat specifiek meisjes en 11-16-jarige deelnemers \
meer interesse tonen om een STEM-richting te volgen in het middelbaar na het STEM-traject. Het volledige \
onderzoeksrapport is ook te vinden in de bijlage.""",
    "events": """VLAIO werkt met publiq (UiTinVlaanderen) samen om een overzicht te krijgen van alle STEM-activiteiten \
en academies over Vlaanderen, zowel met label STEM-academie als zonder.""",
}

OPEN_QUESTION = """Meisjes in de STEM-academies

Graag ontving ik voor 2023 een overzicht per provincie van het aantal bereikte kinderen en jongeren, met het aandeel \
meisjes waar dat gekend is. Welke initiatieven bereiken een evenwichtiger verdeling tussen jongens en meisjes?"""


def build_demo_questions() -> int:
    """Creates the two demo questions that are missing; returns how many were created."""
    author = get_user_model().objects.get(username="demo-beheerder")
    approver = get_user_model().objects.get(username="demo-goedkeurder")
    created = 0
    if not WrittenQuestion.objects.filter(number=312).exists():
        question = services.question_register(
            number=312, received_on=datetime.date(2023, 1, 16), member="Hanne Vercammen", minister=MINISTER,
            subject="STEM-academies - Stand van zaken", text=SEED_QUESTION, years=[2022],
            parts=["reach", "children", "money", "trend", "events"], assignee=author, acting_user=author)
        for slot, text in SEED_TEXT_BLOCKS.items():
            services.text_block_write(question=question, slot=slot, text=text, acting_user=author)
        services.draft_send_for_approval(question=question, approver=approver, acting_user=author)
        services.draft_approve(question=question, acting_user=approver)
        services.answer_send(question=question, acting_user=author)
        created += 1
    if not WrittenQuestion.objects.filter(number=128).exists():
        today = timezone.localdate()
        services.question_register(
            number=128, received_on=add_working_days(today, -17), member="Wout De Clercq", minister=MINISTER,
            subject="Meisjes in de STEM-academies", text=OPEN_QUESTION, years=[2023], parts=["reach", "children"],
            assignee=author, acting_user=author)
        created += 1
    return created

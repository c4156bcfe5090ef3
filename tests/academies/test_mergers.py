"""A merged municipality's old name gets a hint to its successor instead of a bare "not a Flemish municipality"."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from academies.municipalities import MunicipalityResolver, UnknownMunicipality
from grants.forms import parse_municipalities
from grants.models import Application, ApplicationStatus
from tests.grants.portal_setup import contact_of, open_call
from tests.grants.test_portal import application_data

pytestmark = pytest.mark.django_db


class TestMergerHint:
    def test_merged_name_points_to_its_successor(self):
        with translation.override("nl"):
            assert MunicipalityResolver().merger_hint("merelbeke", 2027) == \
                "Merelbeke maakt sinds 2025 deel uit van Merelbeke-Melle."

    def test_resolver_error_carries_the_hint(self):
        with translation.override("nl"), pytest.raises(UnknownMunicipality) as error:
            MunicipalityResolver().resolve("Merelbeke", 2027)
        assert error.value.hint == "Merelbeke maakt sinds 2025 deel uit van Merelbeke-Melle."
        assert "Merelbeke-Melle" in str(error.value)

    def test_no_hint_while_the_municipality_exists_or_for_unknown_names(self):
        resolver = MunicipalityResolver()
        assert resolver.merger_hint("Gent", 2027) is None
        assert resolver.merger_hint("Atlantis", 2027) is None
        assert resolver.resolve("Merelbeke", 2024) == "44043"

    def test_parsing_a_2027_application_explains_the_merger(self):
        with translation.override("nl"), pytest.raises(ValidationError) as error:
            parse_municipalities("Gent\nMerelbeke", year=2027)
        assert "Merelbeke maakt sinds 2025 deel uit van Merelbeke-Melle" in error.value.messages[0]


def test_contact_typing_merelbeke_in_a_2027_application_sees_the_hint(client):
    user, academy = contact_of()
    client.force_login(user)
    application = Application.objects.create(call=open_call(year=2027), academy=academy,
                                             status=ApplicationStatus.DRAFT)
    response = client.post(reverse("grants:application-edit", args=[application.pk]),
                           application_data(municipalities="Merelbeke"))
    assert "Merelbeke maakt sinds 2025 deel uit van Merelbeke-Melle" in response.content.decode()

"""The one municipality resolver (academies.municipalities), used by the importer and the portal forms alike."""

import pytest
from django.core.exceptions import ValidationError

from academies.municipalities import AmbiguousMunicipality, MunicipalityResolver, UnknownMunicipality
from grants.forms import parse_municipalities

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolver():
    return MunicipalityResolver()


class TestResolver:
    @pytest.mark.parametrize("value", ["44021", "9000", "Gent", "gent", "9000 Gent"])
    def test_code_postcode_name_or_both(self, resolver, value):
        assert resolver.resolve(value, 2022) == "44021"

    def test_a_shared_postcode_is_narrowed_by_the_name(self, resolver):
        assert resolver.resolve("1804 Zemst", 2022) == "23096"
        with pytest.raises(AmbiguousMunicipality) as error:
            resolver.resolve("1804", 2022)
        assert sorted(error.value.candidates) == ["23088", "23096"]

    def test_the_year_decides_after_a_merger(self, resolver):
        assert resolver.resolve("2070", 2022) == "11056"
        assert resolver.resolve("2070", 2025) == "46030"
        with pytest.raises(UnknownMunicipality):
            resolver.resolve("11056", 2025)


class TestPortalUsesTheResolver:
    def test_nis_codes_and_a_postcode_with_its_name_are_accepted(self):
        assert [municipality.pk for municipality in parse_municipalities("44021; 1804 Zemst", year=2022)] == [
            "44021", "23096"]

    def test_ambiguous_postcode_keeps_the_portal_message(self):
        with pytest.raises(ValidationError) as error:
            parse_municipalities("1804", year=2022)
        assert "Vilvoorde, Zemst" in " ".join(error.value.messages)

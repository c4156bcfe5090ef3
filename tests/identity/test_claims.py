import pytest

from grants.groups import MANAGER_GROUP, READER_GROUP
from identity.claims import identity_from_claims


@pytest.fixture(autouse=True)
def roles(settings):
    settings.OIDC_ROLES_CLAIM = "stemacademies_rol_3d"
    settings.OIDC_ROLE_MANAGER = "StemAcademiesBeheerder"
    settings.OIDC_ROLE_READER = "StemAcademiesLezer"
    settings.OIDC_STAFF_OVO_CODES = []


class TestIdentityFromClaims:
    def test_roles_as_a_list_or_a_single_value(self):
        listed = identity_from_claims({"sub": "1", "stemacademies_rol_3d": ["StemAcademiesLezer:OVO000097",
                                                                           "Iets:OVO1"]})
        single = identity_from_claims({"sub": "1", "stemacademies_rol_3d": "StemAcademiesBeheerder:OVO000097"})
        assert listed.roles == (("StemAcademiesLezer", "OVO000097"), ("Iets", "OVO1"))
        assert listed.staff_groups() == {READER_GROUP}
        assert single.staff_groups() == {MANAGER_GROUP}
        assert identity_from_claims({"sub": "1"}).staff_groups() == set()

    def test_roles_count_only_for_the_allowed_ovo_codes(self, settings):
        settings.OIDC_STAFF_OVO_CODES = ["OVO000097"]
        identity = identity_from_claims({"sub": "1", "stemacademies_rol_3d": ["StemAcademiesBeheerder:OVO000001",
                                                                              "StemAcademiesLezer:OVO000097"]})
        assert identity.staff_groups() == {READER_GROUP}

    @pytest.mark.parametrize(("orgcode", "kbo_number"), [
        ("0403170701", "0403170701"), ("0403.170.701", "0403170701"), ("BE 0403.170.701", "0403170701"),
        ("403170701", "0403170701"), ("", ""),
    ])
    def test_kbo_number_as_stored_on_the_academy(self, orgcode, kbo_number):
        assert identity_from_claims({"sub": "1", "vo_orgcode": orgcode}).kbo_number == kbo_number

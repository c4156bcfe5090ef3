"""What ACM/IDM's claims say about a user, read into one value object (no database access).

Claims (scopes `openid profile vo`): `sub`; `given_name`, `family_name`, `email`; `vo_doelgroepcode` (`GID` for
Flemish government staff, `EA` for economic actors, i.e. organisations); `vo_orgcode` (OVO code for staff, KBO
number for organisations); and the application roles in the claim named by `settings.OIDC_ROLES_CLAIM`
(`<app>_rol_3d`), values `Role:OVOcode`, a list or a single string.
"""

import re
from dataclasses import dataclass

from django.conf import settings

from grants.groups import MANAGER_GROUP, READER_GROUP


@dataclass(frozen=True)
class AcmIdmIdentity:
    subject: str
    target_group: str
    organisation_code: str
    roles: tuple[tuple[str, str], ...]
    first_name: str = ""
    last_name: str = ""
    email: str = ""

    @property
    def kbo_number(self) -> str:
        """The organisation code as the 10-digit KBO number stored on Academy (dots, spaces and 'BE' removed; a
        9-digit number gets its leading 0)."""
        digits = re.sub(r"\D", "", self.organisation_code)
        return digits.zfill(10) if len(digits) == 9 else digits

    def staff_groups(self) -> set[str]:
        """The staff groups the roles grant, for the OVO codes allowed by OIDC_STAFF_OVO_CODES (all when empty)."""
        role_groups = {settings.OIDC_ROLE_MANAGER: MANAGER_GROUP, settings.OIDC_ROLE_READER: READER_GROUP}
        allowed = set(settings.OIDC_STAFF_OVO_CODES)
        return {role_groups[role] for role, ovo_code in self.roles
                if role in role_groups and (not allowed or ovo_code in allowed)}


def as_list(value) -> list[str]:
    if value is None or value == "":
        return []
    return [str(item) for item in value] if isinstance(value, list | tuple) else [str(value)]


def parse_role(value: str) -> tuple[str, str]:
    role, _separator, organisation = value.partition(":")
    return role.strip(), organisation.strip()


def identity_from_claims(claims: dict) -> AcmIdmIdentity:
    return AcmIdmIdentity(
        subject=str(claims.get("sub", "")),
        target_group=str(claims.get("vo_doelgroepcode", "")),
        organisation_code=str(claims.get("vo_orgcode", "")),
        roles=tuple(parse_role(value) for value in as_list(claims.get(settings.OIDC_ROLES_CLAIM))),
        first_name=str(claims.get("given_name", ""))[:150],
        last_name=str(claims.get("family_name", ""))[:150],
        email=str(claims.get("email", ""))[:254],
    )

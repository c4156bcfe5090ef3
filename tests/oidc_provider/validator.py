import json

from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator


class AcmIdmValidator(OAuth2Validator):
    """Claims as ACM/IDM sends them: names under `profile`, the vo_* claims and the roles claim under `vo`. The
    claims are read from the configuration file at each login, so that a test can take a role away in between."""

    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "email": "profile", "vo_doelgroepcode": "vo",
                        "vo_orgcode": "vo", settings.CONFIG["roles_claim"]: "vo"}

    def get_additional_claims(self, request):
        user = request.user
        users = json.loads(settings.CONFIG_PATH.read_text())["users"]
        return {"given_name": user.first_name, "family_name": user.last_name, "email": user.email,
                **users[user.username]["claims"]}

"""Who may read the API: a VLAIO staff user, through a token (`Authorization: Bearer <key>`) or, for the docs page
in the browser, a logged-in session. No credentials or a revoked token: 401. A session of someone who may not read
the reports (an academy contact): 403."""

from ninja.errors import AuthorizationError
from ninja.security import HttpBearer

from api.services import token_authenticate
from grants.rules import may_read_reports


class StaffReader(HttpBearer):
    def __call__(self, request):
        if request.headers.get(self.header):
            return super().__call__(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if may_read_reports(user):
                return user
            raise AuthorizationError()
        return None

    def authenticate(self, request, token: str):
        return token_authenticate(token)

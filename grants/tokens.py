"""Tokens of invitation links, distinct from Django's password-reset tokens."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db.models import Max

from grants.models import ContactInvitation


def latest_invitation_at(user):
    return ContactInvitation.objects.filter(membership__user=user).aggregate(latest=Max("invited_at"))["latest"]


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Its own key salt, so an invitation token is never a reset token and a reset token never an invitation token.
    The hash is bound to the invitation (the time of the account's latest ContactInvitation) and to the state it
    created, an inactive account that never had a password: setting a password, activating the account or a newer
    invitation ends the token."""

    key_salt = "grants.tokens.InvitationTokenGenerator"

    def _make_hash_value(self, user, timestamp: int) -> str:
        invited_at = latest_invitation_at(user)
        return f"{user.pk}{user.password}{user.is_active}{invited_at.timestamp() if invited_at else ''}{timestamp}"


def is_open_invitation(user) -> bool:
    """Only an invited account that never had a password and was never activated can be activated by its
    invitation."""
    return not user.is_active and not user.has_usable_password() and latest_invitation_at(user) is not None


invitation_token_generator = InvitationTokenGenerator()

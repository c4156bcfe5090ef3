"""Tokens of invitation links, distinct from Django's password-reset tokens."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Its own key salt, so an invitation token is never a reset token and a reset token never an invitation token.
    The hash covers the state the invitation created, an inactive account that never had a password: setting a
    password or activating the account ends every invitation token of that account."""

    key_salt = "grants.tokens.InvitationTokenGenerator"

    def _make_hash_value(self, user, timestamp: int) -> str:
        return f"{user.pk}{user.password}{user.is_active}{user.date_joined.timestamp()}{timestamp}"


def is_open_invitation(user) -> bool:
    """Only an account that never had a password and was never activated can be activated by its invitation."""
    return not user.is_active and not user.has_usable_password()


invitation_token_generator = InvitationTokenGenerator()

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from academies.belgian import format_datetime


class TargetGroup(models.TextChoices):
    """ACM/IDM's `vo_doelgroepcode`: who logged in."""

    GOVERNMENT = "GID", _("Flemish government staff")
    ORGANISATION = "EA", _("Organisation (economic actor)")


class AcmIdmAccount(models.Model):
    """The link between a user and their ACM/IDM identity (the OpenID Connect `sub`), with what the last login
    said about them: target group and organisation (OVO code for staff, KBO number for organisations)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="acm_idm_account",
                                verbose_name=_("user"))
    subject = models.CharField(_("ACM/IDM subject"), max_length=255, unique=True)
    target_group = models.CharField(_("target group"), max_length=10, choices=TargetGroup.choices)
    organisation_code = models.CharField(_("organisation code"), max_length=20, blank=True)
    last_login_at = models.DateTimeField(_("last ACM/IDM login"))

    class Meta:
        verbose_name = _("ACM/IDM account")
        verbose_name_plural = _("ACM/IDM accounts")
        constraints = [models.CheckConstraint(condition=models.Q(target_group__in=["GID", "EA"]),
                                              name="acmidmaccount_target_group_known")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_target_group_display()} {self.organisation_code})"


class PasswordResetRequest(models.Model):
    """One request for a password-reset link, kept a day to throttle them per address and per client address
    (identity.services.password_reset_throttle). Both are stored as keyed digests, never in clear."""

    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True, db_index=True)
    email_digest = models.CharField(_("e-mail address digest"), max_length=64)
    client_digest = models.CharField(_("client address digest"), max_length=64)

    class Meta:
        verbose_name = _("password-reset request")
        verbose_name_plural = _("password-reset requests")
        indexes = [models.Index(fields=["email_digest", "requested_at"], name="passwordreset_email_idx"),
                   models.Index(fields=["client_digest", "requested_at"], name="passwordreset_client_idx")]

    def __str__(self) -> str:
        return format_datetime(self.requested_at)


class RateLimitedRequest(models.Model):
    """One request of a rate-limited public action (the accessibility statement's feedback form: `action`
    "accessibility-feedback"), kept a day to limit them per client address and overall
    (identity.rate_limits.rate_limit). The client address is stored as a keyed digest, never in clear."""

    action = models.CharField(_("action"), max_length=40)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True, db_index=True)
    client_digest = models.CharField(_("client address digest"), max_length=64)

    class Meta:
        verbose_name = _("rate-limited request")
        verbose_name_plural = _("rate-limited requests")
        indexes = [models.Index(fields=["action", "client_digest", "requested_at"], name="ratelimit_client_idx")]

    def __str__(self) -> str:
        return f"{self.action} {format_datetime(self.requested_at)}"

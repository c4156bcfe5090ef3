"""Writes of the ACM/IDM login (the user, their staff groups or academy memberships, from the login's claims) and
the throttle of password-reset requests."""

import datetime
import hashlib
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from academies.models import Academy, AcademyMembership
from grants.groups import MANAGER_GROUP, READER_GROUP
from identity.claims import AcmIdmIdentity
from identity.models import AcmIdmAccount, PasswordResetRequest, TargetGroup

User = get_user_model()


class AccessRefused(Exception):
    """A valid ACM/IDM login that gives no access here; `reason` names which (see identity.views.refused)."""

    NO_ROLE = "no_role"
    NO_ACADEMY = "no_academy"
    UNKNOWN_TARGET_GROUP = "unknown_target_group"
    DEACTIVATED = "deactivated"

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def username_for(subject: str) -> str:
    """A username Django accepts: "acmidm-" and the subject, or a digest of a subject with other characters."""
    if re.fullmatch(r"[\w.@+-]{1,140}", subject, flags=re.ASCII):
        return f"acmidm-{subject}"
    return f"acmidm-{hashlib.sha256(subject.encode()).hexdigest()[:40]}"


def free_username_for(subject: str) -> str:
    """username_for(subject), or when another account already holds that name (made by hand, or left by an
    earlier subject), the digest form, then the digest form with a number: a first login never fails on a name."""
    digest = f"acmidm-{hashlib.sha256(subject.encode()).hexdigest()[:40]}"
    candidates = [username_for(subject), digest, *(f"{digest}-{number}" for number in range(2, 100))]
    taken = set(User.objects.filter(username__in=candidates).values_list("username", flat=True))
    return next(candidate for candidate in candidates if candidate not in taken)


def valid_email(value: str) -> str:
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value


def access_withdraw(*, user: AbstractBaseUser) -> None:
    """What a login that gives no access any more takes away at once: the staff groups and flag, the academy
    memberships, the user's API tokens (revoked, so the token admin shows it) and every session of the user
    (a new unusable password changes the hash each session carries, so Django ends them at their next request)."""
    user.groups.clear()
    AcademyMembership.objects.filter(user=user).delete()
    user.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    user.is_staff = False
    user.set_unusable_password()
    user.save(update_fields=["is_staff", "password"])


def acm_idm_login(*, identity: AcmIdmIdentity) -> AbstractBaseUser:
    """The user for an ACM/IDM login, created on the first one. Staff (GID) get exactly the groups their roles
    grant; organisations (EA) are the contacts of exactly the academies with their KBO number. Without a role or
    a matching academy, AccessRefused: nothing is written for a first login, and a known user loses what an
    earlier login gave (access_withdraw). A user who stops being staff loses their API tokens and sessions too."""
    groups: list[Group] = []
    academies: list[Academy] = []
    refusal = None
    if identity.target_group == TargetGroup.GOVERNMENT:
        groups = list(Group.objects.filter(name__in=identity.staff_groups() & {MANAGER_GROUP, READER_GROUP}))
        if not groups:
            refusal = AccessRefused.NO_ROLE
    elif identity.target_group == TargetGroup.ORGANISATION:
        kbo_number = identity.kbo_number
        academies = list(Academy.objects.filter(kbo_number=kbo_number)) if kbo_number else []
        if not academies:
            refusal = AccessRefused.NO_ACADEMY
    else:
        refusal = AccessRefused.UNKNOWN_TARGET_GROUP

    if refusal:
        with transaction.atomic():
            account = AcmIdmAccount.objects.select_related("user").select_for_update().filter(
                subject=identity.subject).first()
            if account is not None:
                access_withdraw(user=account.user)
        raise AccessRefused(refusal)

    with transaction.atomic():
        account = AcmIdmAccount.objects.select_related("user").select_for_update().filter(
            subject=identity.subject).first()
        if account is None:
            user = User(username=free_username_for(identity.subject))
            user.set_unusable_password()
            account = AcmIdmAccount(user=user, subject=identity.subject)
        user = account.user
        if user.pk and not user.is_active:
            raise AccessRefused(AccessRefused.DEACTIVATED)
        was_staff = bool(user.pk) and user.is_staff
        user.first_name, user.last_name, user.email = identity.first_name, identity.last_name, valid_email(
            identity.email)
        user.is_staff = identity.target_group == TargetGroup.GOVERNMENT
        user.full_clean(exclude=["password"])
        user.save()
        if was_staff and not user.is_staff:
            access_withdraw(user=user)
        account.user = user
        account.target_group = identity.target_group
        account.organisation_code = identity.organisation_code
        account.last_login_at = timezone.now()
        account.full_clean()
        account.save()
        user.groups.set(groups)
        AcademyMembership.objects.filter(user=user).exclude(academy__in=academies).delete()
        for academy in academies:
            AcademyMembership.objects.get_or_create(user=user, academy=academy)
    return user


class ResetThrottled(Exception):
    """Too many password-reset requests: `limit` is PER_ADDRESS (for that e-mail address, from anywhere) or
    PER_CLIENT (from that client address, for any e-mail address)."""

    PER_ADDRESS = "address"
    PER_CLIENT = "client"

    def __init__(self, limit: str):
        super().__init__(limit)
        self.limit = limit


RESET_WINDOW = datetime.timedelta(hours=1)
RESET_KEEP = datetime.timedelta(days=1)


def digest(value: str) -> str:
    return salted_hmac("identity.password-reset", value, algorithm="sha256").hexdigest()


def password_reset_throttle(*, email: str, client_address: str | None) -> None:
    """Record one password-reset request; ResetThrottled when this address (PASSWORD_RESET_LIMIT_PER_ADDRESS,
    default 3) or this client (PASSWORD_RESET_LIMIT_PER_CLIENT, default 10) asked more often than that in the
    last hour. Refused requests count too, so hammering does not reopen the window."""
    now = timezone.now()
    request = PasswordResetRequest(email_digest=digest(email.strip().lower()),
                                   client_digest=digest(client_address or "unknown"))
    request.full_clean()
    with transaction.atomic():
        PasswordResetRequest.objects.filter(requested_at__lt=now - RESET_KEEP).delete()
        recent = PasswordResetRequest.objects.filter(requested_at__gte=now - RESET_WINDOW)
        from_client = recent.filter(client_digest=request.client_digest).count()
        for_address = recent.filter(email_digest=request.email_digest).count()
        request.save()
    if from_client >= getattr(settings, "PASSWORD_RESET_LIMIT_PER_CLIENT", 10):
        raise ResetThrottled(ResetThrottled.PER_CLIENT)
    if for_address >= getattr(settings, "PASSWORD_RESET_LIMIT_PER_ADDRESS", 3):
        raise ResetThrottled(ResetThrottled.PER_ADDRESS)

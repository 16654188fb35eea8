"""Writes for staff users and API tokens. Who may make them is decided in access.py (the
rules of separation of duties).

- Nobody sets another user's password: an administrator sends a reset link to the
  address the account already has.
- A revoked or expired token authenticates nobody.
- Every change goes into the audit trail (``audit``), with field names, never values.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from haven.accounts.access import password_reset_check, token_issue_check, token_revoke_check, user_roles_check
from haven.accounts.models import ApiToken, User, token_days, token_digest
from haven.accounts.roles import ROLES

if TYPE_CHECKING:
    from haven.core.models import AuditEntry

# A token's last use is written at most this often (one UPDATE a minute, not one per request).
TOKEN_USE_WRITE_INTERVAL = datetime.timedelta(minutes=1)


def audit(
    *, actor: User | None, action: str, target: models.Model | None, fields: Iterable[str] = (), note: str = ""
) -> AuditEntry:
    """Append an entry to the audit trail (haven.core.audit.audit_record): who did what to
    which object, with the names of the changed fields, never their values."""
    from haven.core.audit import audit_record

    return audit_record(actor=actor, action=action, target=target, fields=tuple(fields), note=note)


def group_change_fields(added: Iterable[str], removed: Iterable[str]) -> list[str]:
    """Field names for the audit trail: ``groups:+intake``, ``groups:-manager``."""
    return [f"groups:+{name}" for name in sorted(added)] + [f"groups:-{name}" for name in sorted(removed)]


def staff_site_for(user: User, role_codes: Iterable[str]) -> bool:
    return user.is_superuser or any(ROLES[code].staff_site for code in role_codes if code in ROLES)


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    roles: Iterable[str] = (),
    actor: User | None = None,
) -> User:
    """A new user with these roles; ``password=None`` gives an unusable password (the user
    chooses one through a reset link). Never a superuser: those come from ``createsuperuser``.
    ``actor`` is who creates the account (None: the command line or the demo)."""
    roles = list(roles)
    unknown = [code for code in roles if code not in ROLES]
    if unknown:
        raise ValueError(f"Unknown roles: {unknown}")
    user = get_user_model()(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_staff=any(ROLES[code].staff_site for code in roles),
    )
    if actor is not None:
        user_roles_check(actor=actor, user=user, added=roles, removed=())
    user.set_password(password)
    user.full_clean()
    user.save()
    user.groups.set(Group.objects.filter(name__in=roles))
    set_fields = [name for name in ("username", "first_name", "last_name", "email", "is_staff") if getattr(user, name)]
    audit(actor=actor, action="create", target=user, fields=set_fields + group_change_fields(roles, ()))
    return user


def password_reset_send(*, actor: User | None, user: User, request: HttpRequest | None = None) -> None:
    """E-mail ``user`` a one-time link to choose a password (Django's reset token). The link goes
    to the address the account has; the sender never learns or sets the password."""
    if not user.is_active:
        raise ValidationError(_("This account is not active."))
    if not user.email:
        raise ValidationError(_("This account has no e-mail address."))
    password_reset_check(actor, user)
    if request is not None:
        domain, protocol = request.get_host(), "https" if request.is_secure() else "http"
    else:
        domain, protocol = "localhost", "http"
    context = {
        "email": user.email,
        "domain": domain,
        "site_name": "Haven",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": protocol,
        "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    PasswordResetForm().send_mail(
        "registration/haven_reset_subject.txt",
        "registration/haven_reset_email.txt",
        context,
        None,
        user.email,
    )
    audit(actor=actor, action="other", target=user, note="password reset link sent")


def api_token_create(*, user: User, name: str, expires_at: datetime.datetime | None = None) -> tuple[ApiToken, str]:
    """Issue a token to ``user`` (always the user who asks: there is no way to issue one for
    someone else). Returns it with the plain key, which is never stored. The token lives
    ``HAVEN_API_TOKEN_DAYS`` days unless ``expires_at`` is sooner."""
    latest = timezone.now() + datetime.timedelta(days=token_days())
    if expires_at is None:
        expires_at = latest
    elif expires_at > latest + datetime.timedelta(minutes=1):
        raise ValidationError({"expires_at": _("A token lives at most %(days)s days.") % {"days": token_days()}})
    token_issue_check(user)
    key = ApiToken.new_key()
    token = ApiToken(user=user, name=name, digest=token_digest(key), prefix=key[:8], expires_at=expires_at)
    token.full_clean()
    token.save()
    token._audit_written = True  # the admin's generic audit skips it
    audit(actor=user, action="issue", target=token, fields=("name", "expires_at"), note=f"owner {user.username}")
    return token, key


def api_token_revoke(*, token: ApiToken, actor: User) -> bool:
    """Revoke ``token`` if ``actor`` owns it or may revoke any token. False if it already was."""
    token_revoke_check(actor, token)
    now = timezone.now()
    changed = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now, revoked_by=actor)
    if not changed:
        return False
    token.revoked_at, token.revoked_by = now, actor
    owner = get_user_model().objects.only("username").get(pk=token.user_id)
    audit(
        actor=actor, action="revoke", target=token, fields=("revoked_at", "revoked_by"), note=f"owner {owner.username}"
    )
    return True


def api_token_authenticate(*, key: str) -> User | None:
    """The active user a usable (not revoked, not expired) token belongs to, or None."""
    now = timezone.now()
    token = (
        ApiToken.objects.usable(now)
        .select_related("user")
        .filter(digest=token_digest(key), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    if token.last_used_at is None or token.last_used_at <= now - TOKEN_USE_WRITE_INTERVAL:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user

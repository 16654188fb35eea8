"""Staff users and API tokens."""

import datetime
import hashlib
import secrets
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from haven.accounts.roles import ROLES, role_label


class HavenUserManager(UserManager["User"]):
    """Superusers come only from the command line (``createsuperuser``), which ends here:
    the creation goes into the audit trail (no actor: nobody was logged in)."""

    use_in_migrations = True

    def create_superuser(self, username, email=None, password=None, **extra_fields):
        user = super().create_superuser(username, email, password, **extra_fields)
        from haven.accounts.services import audit

        audit(
            actor=None,
            action="create",
            target=user,
            fields=("username", "email", "is_superuser", "is_staff"),
            note="createsuperuser",
        )
        return user


class User(AbstractUser):
    """A member of staff, a partner organisation's user or a freelance interpreter.

    What a user may do follows from the groups (roles) they are in.
    """

    objects: ClassVar[HavenUserManager] = HavenUserManager()

    # When the account was last switched off (the admin sets it): its retention period runs
    # from here (haven.accounts.retention). Empty while the account is active.
    deactivated_at = models.DateTimeField(_("deactivated at"), null=True, blank=True, editable=False)

    class Meta(AbstractUser.Meta):
        # django-stubs types the inherited Meta's names as str; Django takes lazy translations.
        verbose_name = _("user")  # type: ignore[assignment]
        verbose_name_plural = _("users")  # type: ignore[assignment]
        swappable = "AUTH_USER_MODEL"

    @property
    def role_codes(self) -> list[str]:
        # Uses the prefetched groups when a view prefetched them.
        return [group.name for group in self.groups.all() if group.name in ROLES]

    @property
    def role_labels(self) -> list[str]:
        return [role_label(code) for code in self.role_codes]

    def has_role(self, code: str) -> bool:
        return code in self.role_codes


def token_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_days() -> int:
    """How long a token lives at most (setting ``HAVEN_API_TOKEN_DAYS``, 90 by default)."""
    return int(getattr(settings, "HAVEN_API_TOKEN_DAYS", 90))


def token_expiry_default() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=token_days())


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, now: datetime.datetime | None = None) -> "ApiTokenQuerySet":
        """Neither revoked nor expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 digest is stored; the key is
    shown once, when it is issued. A token is issued to the user who asks for it (never
    to someone else), expires (``HAVEN_API_TOKEN_DAYS``) and can be revoked by its owner
    and by the functional administrator; revoked tokens are kept for the record."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for."))
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("prefix"), max_length=8, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("expires"), default=token_expiry_default)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    objects = ApiTokenQuerySet.as_manager()
    # Set by api_token_create, which writes the audit entry itself: the admin's generic audit skips it.
    _audit_written = False

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        default_permissions = ("add", "view")
        permissions = [("revoke_apitoken", _("Can revoke any API token"))]
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return not self.is_revoked and not self.is_expired

    @property
    def state_label(self) -> str:
        if self.is_revoked:
            return str(_("revoked"))
        if self.is_expired:
            return str(_("expired"))
        return str(_("active"))

    @staticmethod
    def new_key() -> str:
        return "hvn_" + secrets.token_urlsafe(32)

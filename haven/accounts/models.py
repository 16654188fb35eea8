"""Staff users and API tokens."""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.accounts.roles import ROLES, role_label


class User(AbstractUser):
    """A member of staff, a partner organisation's user or a freelance interpreter.

    What a user may do follows from the groups (roles) they are in.
    """

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
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


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 digest is stored; the key is
    shown once, when it is issued."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for."))
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("prefix"), max_length=8, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        default_permissions = ("add", "view", "delete")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @staticmethod
    def new_key() -> str:
        return "hvn_" + secrets.token_urlsafe(32)

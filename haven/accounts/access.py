"""Who may do what to accounts and API tokens: the rules of separation of duties. The admin,
the token page and the account services ask here.

- Nobody changes their own roles, staff, superuser or active flags.
- The roles in ``SUPERUSER_ONLY_ROLES`` are given and taken only by a superuser, so the
  functional administrator cannot create a second administrator to escalate through; the
  accounts holding them (and superusers') are changed only by a superuser.
- Nobody sets another user's password; a reset link for a privileged account is sent only
  by a superuser or its owner.
- A token is issued only to an active user who asks for it; its owner and the holders of
  ``accounts.revoke_apitoken`` revoke it; the token page shows a user their own tokens only.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from haven.accounts.models import ApiToken, User

# Roles only a superuser may give or take away.
SUPERUSER_ONLY_ROLES = frozenset({"admin", "privacy_officer"})
REVOKE_ANY_TOKEN = "accounts.revoke_apitoken"
# Flags nobody changes on their own account.
SELF_PROTECTED = ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")


def user_roles_check(*, actor: User | None, user: User, added: Iterable[str], removed: Iterable[str]) -> None:
    """Raise PermissionDenied unless ``actor`` (None: the command line) may make this change
    to ``user``'s roles."""
    changed = set(added) | set(removed)
    if not changed:
        return
    if actor is not None and user.pk is not None and actor.pk == user.pk:
        raise PermissionDenied(_("You cannot change your own roles."))
    if actor is not None and not actor.is_superuser and changed & SUPERUSER_ONLY_ROLES:
        raise PermissionDenied(_("Only a superuser can give or take away this role."))


def user_is_privileged(user: User) -> bool:
    """A superuser or a holder of a role only a superuser gives: only a superuser changes them."""
    return user.is_superuser or bool(set(user.groups.values_list("name", flat=True)) & SUPERUSER_ONLY_ROLES)


def user_change_allowed(actor: User, user: User | None) -> bool:
    """Whether ``actor``, who may change users, may change this one (None: users in general)."""
    if user is None or actor.is_superuser or user.pk == actor.pk:
        return True
    return not user_is_privileged(user)


def user_delete_allowed(actor: User, user: User | None) -> bool:
    """Nobody deletes their own account (whether ``actor`` may delete users at all is the admin's permission)."""
    return user is None or user.pk != actor.pk


def user_fields_check(actor: User, stored: User, changed: User) -> None:
    """PermissionDenied if ``actor`` changed the flags of their own account or, not being a
    superuser, anyone's superuser flag or e-mail address (the reset link goes there)."""
    protected: tuple[str, ...] = SELF_PROTECTED[:-2] if changed.pk == actor.pk else ()
    if not actor.is_superuser:
        protected += ("is_superuser", "email")
    if any(getattr(stored, name) != getattr(changed, name) for name in protected):
        raise PermissionDenied


def password_set_check(actor: User, user_id: object) -> None:
    """Nobody sets another user's password (a reset link goes to the user instead)."""
    if str(user_id) != str(actor.pk):
        raise PermissionDenied


def password_reset_check(actor: User | None, user: User) -> None:
    """A reset link for a privileged account is sent only by a superuser or its owner."""
    if actor is not None and actor.pk != user.pk and not actor.is_superuser and user_is_privileged(user):
        raise PermissionDenied(_("Only a superuser can do this for this account."))


def token_issue_check(user: User) -> None:
    """A token is issued only to an active user (always the one who asks)."""
    if not user.is_active:
        raise PermissionDenied


def tokens_revoke_any(actor: User) -> bool:
    """Whether ``actor`` may revoke anyone's token (the functional administrator)."""
    return actor.has_perm(REVOKE_ANY_TOKEN)


def token_revoke_check(actor: User, token: ApiToken) -> None:
    """Its owner and those who may revoke any token revoke a token."""
    if token.user_id != actor.pk and not tokens_revoke_any(actor):
        raise PermissionDenied


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """The tokens the token page shows ``user``: their own."""
    return ApiToken.objects.filter(user=user)


def token_of(user: User, token_id: int) -> ApiToken:
    """One of ``user``'s own tokens; 404 for anyone else's (its existence is not revealed)."""
    token = tokens_of(user).filter(pk=token_id).first()
    if token is None:
        raise Http404
    return token

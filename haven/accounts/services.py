"""Writes for staff users and API tokens."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from haven.accounts.models import ApiToken, token_digest
from haven.accounts.roles import ROLES


@transaction.atomic
def user_create(
    *, username: str, password: str, first_name: str = "", last_name: str = "",
    email: str = "", roles: list[str] = (), is_superuser: bool = False,
):
    unknown = [code for code in roles if code not in ROLES]
    if unknown:
        raise ValueError(f"Unknown roles: {unknown}")
    user = get_user_model()(
        username=username, first_name=first_name, last_name=last_name, email=email,
        is_superuser=is_superuser,
        is_staff=is_superuser or any(ROLES[code].staff_site for code in roles),
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    user.groups.set(Group.objects.filter(name__in=roles))
    return user


def api_token_create(*, user, name: str, expires_at=None) -> tuple[ApiToken, str]:
    """Issue a token; returns it with the plain key, which is never stored."""
    key = ApiToken.new_key()
    token = ApiToken(user=user, name=name, digest=token_digest(key), prefix=key[:8], expires_at=expires_at)
    token.full_clean()
    token.save()
    return token, key


def api_token_authenticate(*, key: str):
    """The active user a key belongs to, or None."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(key), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.expires_at is not None and token.expires_at <= now:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user

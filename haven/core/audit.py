"""Writing the access log. Every read and change of a person's file goes through here."""

from collections.abc import Iterable

from haven.core.models import AccessAction, AccessChannel, AccessLogEntry, AccessPurpose


def access_record(
    *,
    user,
    person_id: int,
    action: AccessAction,
    purpose: AccessPurpose | str,
    channel: AccessChannel | str = AccessChannel.WEB,
    fields: Iterable[str] = (),
) -> AccessLogEntry:
    """Append one entry. ``fields`` are the names of changed fields, never their values."""
    return AccessLogEntry.objects.create(
        user=user,
        person_id=person_id,
        action=action,
        purpose=AccessPurpose(purpose),
        channel=AccessChannel(channel),
        fields=sorted(fields),
    )


def access_history(*, person_id: int):
    return AccessLogEntry.objects.filter(person_id=person_id).select_related("user")

"""What the community services share: the person's age, the trace of a change of a
person's records, and setting a record's fields from a mapping."""

from haven.accounts.models import User
from haven.core.audit import access_record
from haven.core.models import AccessAction, AccessChannel, AccessPurpose
from haven.people.access import purpose_or_default

RECORDS_FIELD = "community"


def change_logged(
    *, by: User | None, person_id: int, channel: AccessChannel | None = None, fields: tuple[str, ...] = ()
) -> None:
    """A change of a person's community records, in the access log."""
    access_record(
        user=by,
        person_id=person_id,
        action=AccessAction.UPDATE,
        purpose=purpose_or_default(by, None, AccessPurpose.PROGRAMME),
        channel=channel,
        fields=list(fields or (RECORDS_FIELD,)),
    )

"""What every write of the civic-integration line shares: the relations model validation
skips, and the access-log entry of a change."""

from collections.abc import Iterable

from haven.accounts.models import User
from haven.core.audit import access_record
from haven.core.models import AccessAction, AccessChannel, AccessPurpose
from haven.people.access import purpose_or_default

# Relations the services receive as saved instances: model validation would look
# each of them up again (one query per relation), so it skips them.
RELATIONS_IN_HAND = ["person", "registration", "contract", "created_by", "issued_by"]


def change_logged(
    *, by: User, person_id: int, preferred: AccessPurpose, fields: Iterable[str], channel: AccessChannel | None
) -> None:
    """The access-log entry of a change to a person's records: the purpose is ``preferred``
    where the user's roles may give it, else the user's first."""
    access_record(
        user=by,
        person_id=person_id,
        action=AccessAction.UPDATE,
        purpose=purpose_or_default(by, None, preferred),
        channel=channel,
        fields=fields,
    )

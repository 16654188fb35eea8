"""Diploma recognition dossiers."""

from collections.abc import Sequence
from datetime import date

from django.db import transaction

from haven.accounts.models import User
from haven.core.models import AccessChannel, AccessPurpose
from haven.integration.models import DiplomaDossier
from haven.integration.services.records import RELATIONS_IN_HAND
from haven.people.access import change_logged
from haven.people.models import Person


@transaction.atomic
def diploma_dossier_create(
    *,
    person: Person,
    kind: str,
    opened_on: date,
    diploma: str = "",
    missing_documents: Sequence[str] = (),
    by: User,
    channel: AccessChannel | None = None,
) -> DiplomaDossier:
    dossier = DiplomaDossier(
        person=person, kind=kind, opened_on=opened_on, diploma=diploma, missing_documents=list(missing_documents)
    )
    dossier.full_clean(exclude=RELATIONS_IN_HAND)
    dossier.save()
    change_logged(
        by=by, person_id=person.pk, preferred=AccessPurpose.PROGRAMME, fields=["diploma_dossiers"], channel=channel
    )
    return dossier


@transaction.atomic
def diploma_dossier_update(
    *,
    dossier: DiplomaDossier,
    state: str,
    missing_documents: Sequence[str],
    by: User,
    channel: AccessChannel | None = None,
) -> DiplomaDossier:
    dossier.state, dossier.missing_documents = state, list(missing_documents)
    dossier.full_clean(exclude=RELATIONS_IN_HAND)
    dossier.save()
    change_logged(
        by=by,
        person_id=dossier.person_id,
        preferred=AccessPurpose.PROGRAMME,
        fields=["diploma_dossiers"],
        channel=channel,
    )
    return dossier

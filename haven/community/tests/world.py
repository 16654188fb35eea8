"""The community records of the access matrix's world (tests/access/world.py) that issue 18
adds: a photo of an event with person F in it (F consenting), and the buddy's id for the
consent pages. Keys are the URL parameters' own names, so the walk fills them as they are."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def matrix_records(users: dict, people: dict, *, buddy_id: int) -> dict:
    from haven.community import services

    programme = users["programme_staff"]
    event = services.event_create(
        values={"kind": "refugee_day", "name": "Matrix Wereldvluchtelingendag", "held_on": datetime.date(2019, 6, 20)},
        by=programme,
    )
    photo = services.photo_upload(
        event=event,
        file=SimpleUploadedFile("foto.png", PNG),
        people=[people["F"]],
        consent_given_on=datetime.date(2019, 6, 20),
        consent_text_version="2019-1",
        by=programme,
    )
    return {"buddy_id": buddy_id, "photo_id": photo.pk, "photo_consent_id": photo.consents.get().pk}

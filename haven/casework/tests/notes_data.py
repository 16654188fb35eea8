"""Helpers of the casework tests: write a note as one of the world's users, a logged-in client."""

import datetime

from django.test import Client

from haven.casework import services
from haven.casework.models import Confidentiality
from haven.core.models import AccessPurpose

DAY = datetime.date(2026, 3, 2)
COUNSELLING = AccessPurpose.COUNSELLING


def write(world, by="counsellor", **values):
    defaults = {
        "service_line": "integration",
        "subject": "Intake conversation",
        "text": "Looking for a Dutch course in the evening.",
        "happened_on": DAY,
        "confidentiality": Confidentiality.LINE,
    }
    return services.note_write(person=world["person"], by=world[by], purpose=COUNSELLING, **{**defaults, **values})


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client

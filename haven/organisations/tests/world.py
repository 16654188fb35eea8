"""The organisations records of the access matrix's world (tests/access/world.py): an
organisation trained with a session and a coaching trajectory, person F as a certified
ambassador (the programme staff's person), a testimony request still waiting for an
ambassador, an association with a support contact and a network event. Keys are the URL
parameters' own names, so the walk fills them as they are."""

import datetime
from decimal import Decimal


def matrix_records(users: dict, people: dict) -> dict:
    from haven.organisations import services

    programme = users["programme_staff"]
    partner = services.partner_create(
        values={"name": "Matrix Woonzorgcentrum", "contact_name": "Onthaal"}, by=programme
    )
    training = services.training_create(
        values={
            "topic": "language_policy",
            "title": "Werken met tolken",
            "organisation": partner,
            "trainer": programme,
            "held_on": datetime.date(2019, 5, 6),
            "hours": Decimal("3.0"),
            "participants": 14,
        },
        by=programme,
    )
    coaching = services.coaching_create(
        values={"organisation": partner, "topic": "intercultural", "started_on": datetime.date(2019, 2, 1)},
        by=programme,
    )
    ambassador = services.ambassador_create(
        person=people["F"],
        values={
            "themes": ["school_career", "work"],
            "weekdays": [0, 1, 2, 3, 4],
            "trained_on": datetime.date(2018, 3, 1),
            "certified_on": datetime.date(2018, 6, 1),
            "consent_given_on": datetime.date(2018, 3, 1),
            "consent_text_version": "2016-1",
        },
        by=programme,
    )
    testimony = services.request_create(
        values={
            "requester": "Matrix Atheneum",
            "received_on": datetime.date(2019, 9, 2),
            "held_on": datetime.date(2019, 10, 8),
            "place": "Gent",
            "audience": "pupils",
            "theme": "school_career",
            "listeners": 24,
        },
        by=programme,
    )
    association = services.association_create(
        values={"name": "Matrix Vereniging", "enterprise_number": "0403.170.701", "recognition": "recognised"},
        by=programme,
    )
    services.support_contact_add(
        association=association,
        kind="administrative",
        held_on=datetime.date(2019, 5, 6),
        staff=programme,
        subject="Statuten",
        by=programme,
    )
    event = services.network_event_create(
        values={"held_on": datetime.date(2019, 3, 16), "title": "Netwerkmoment", "participants": 40},
        associations=[association],
        by=programme,
    )
    return {
        "partner_id": partner.pk,
        "training_id": training.pk,
        "coaching_id": coaching.pk,
        "ambassador_id": ambassador.pk,
        "testimony_id": testimony.pk,
        "association_id": association.pk,
        "network_event_id": event.pk,
    }

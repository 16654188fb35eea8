"""The Dutch-practice records of the access matrix's world (tests/access/world.py): a
general series with a session today-or-before, person F as its volunteer (the programme
staff's person), a published opportunity, a Trefdag and a subscriber with its signed
token. Keys are the URL parameters' own names, so the walk fills them as they are."""

import datetime

from haven.core.models import District


def matrix_records(users: dict, people: dict) -> dict:
    from haven.dutch_practice.services import directory, moments, newsletter, practice_days

    programme = users["programme_staff"]
    monday = datetime.date(2019, 9, 2)
    series = moments.series_create(
        values={
            "title": "Conversatiemoment Matrix",
            "weekday": 0,
            "starts_at": datetime.time(13, 30),
            "ends_at": datetime.time(15, 30),
            "place": "Matrixzaal",
            "level": "general",
            "active_from": datetime.date(2019, 1, 7),
        },
        by=programme,
    )
    volunteer = moments.volunteer_create(
        person=people["F"],
        values={
            "active_from": datetime.date(2019, 1, 1),
            "consent_given_on": datetime.date(2019, 1, 1),
            "consent_text_version": "2019-1",
        },
        by=programme,
    )
    session = moments.session_log(
        series=series, held_on=monday, volunteers=[volunteer], participant_count=24, by=programme
    )
    district = District.objects.order_by("pk").first() or District.objects.create(name="Matrixwijk")
    opportunity = directory.opportunity_create(
        values={
            "title": "Praattafel Matrix",
            "organiser": "Matrix Buurtwerk vzw",
            "district": district,
            "weekdays": "2",
            "contact_email": "onthaal@matrix.example.org",
            "published": True,
        },
        by=programme,
    )
    day = practice_days.practice_day_create(
        values={"title": "Trefdag Matrix", "held_on": datetime.date(2019, 5, 16), "participants": 100},
        by=programme,
    )
    subscriber = newsletter.subscriber_subscribe(email="lezer@matrix.example.org")
    return {
        "series_id": series.pk,
        "practice_session_id": session.pk,
        "volunteer_id": volunteer.pk,
        "opportunity_id": opportunity.pk,
        "practice_day_id": day.pk,
        "newsletter_token": newsletter.confirm_token(subscriber),
        "subscriber_id": subscriber.pk,
    }

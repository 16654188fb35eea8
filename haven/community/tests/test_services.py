"""The rules of the buddy programmes: a duo of two newcomers, a meeting outside the duo,
a second running duo, a TANDEM buddy without the mother tongue and a buddy whose consent
is withdrawn are refused, each naming its field; nothing half-written."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from haven.community import services
from haven.community.models import Duo, Meeting, Participant, Programme
from haven.community.reasons import reasons_words
from haven.community.tests.factories import BuddyFactory, DuoFactory, GentenaarFactory, TandemParticipantFactory
from haven.core.models import AccessLogEntry, Language
from haven.people.models import Person
from haven.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
MARCH = datetime.date(2019, 3, 1)


def _refused(call) -> dict:
    with pytest.raises(ValidationError) as refused:
        call()
    return refused.value.message_dict


def test_a_duo_is_made_with_its_score_and_reasons_and_traced_for_both_people(
    english, participant, buddy, programme_staff
):
    duo = services.duo_create(participant=participant, buddy=buddy, started_on=MARCH, by=programme_staff)
    assert duo.programme == Programme.SAMEN_GENTENAAR and duo.group == participant.group
    assert duo.score is not None and duo.reasons and "Close in age (" in " ".join(reasons_words(duo.reasons))
    assert duo.planned_end_on == participant.group.closes_on
    logged = set(AccessLogEntry.objects.filter(action="update").values_list("person_id", flat=True))
    assert logged == {participant.person_id, buddy.person_id}


def test_a_buddy_who_settled_less_than_three_years_before_is_a_newcomer_and_refused(
    english, participant, programme_staff
):
    recent = BuddyFactory(person=PersonFactory(first_registration_date=datetime.date(2017, 1, 10)))
    errors = _refused(
        lambda: services.duo_create(participant=participant, buddy=recent, started_on=MARCH, by=programme_staff)
    )
    assert "a duo of two newcomers is refused" in errors["buddy"][0]
    assert not Duo.objects.exists()


def test_someone_settled_more_than_three_years_before_may_be_a_buddy(english, participant, programme_staff):
    settled = BuddyFactory(person=PersonFactory(first_registration_date=datetime.date(2015, 2, 1)))
    assert services.duo_create(participant=participant, buddy=settled, started_on=MARCH, by=programme_staff)


def test_a_newcomer_cannot_be_their_own_buddy(english, participant, programme_staff):
    self_buddy = BuddyFactory(person=participant.person)
    errors = _refused(
        lambda: services.duo_create(participant=participant, buddy=self_buddy, started_on=MARCH, by=programme_staff)
    )
    assert errors["buddy"] == ["A newcomer cannot be their own buddy: choose another person."]


def test_a_buddy_whose_consent_is_withdrawn_is_refused(english, participant, buddy, programme_staff):
    services.buddy_update(buddy=buddy, values={"consent_withdrawn_on": datetime.date(2019, 2, 20)}, by=programme_staff)
    errors = _refused(
        lambda: services.duo_create(participant=participant, buddy=buddy, started_on=MARCH, by=programme_staff)
    )
    assert errors["buddy"] == ["This buddy's consent is withdrawn: they are matched no more."]


def test_a_second_running_duo_for_the_same_newcomer_in_a_programme_is_refused(
    english, participant, buddy, programme_staff
):
    services.duo_create(participant=participant, buddy=buddy, started_on=MARCH, by=programme_staff)
    autumn = services.group_create(
        values={"name": "Najaar", "starts_on": datetime.date(2019, 9, 1)}, by=programme_staff
    )
    again = services.participant_create(
        person=participant.person,
        programme=Programme.SAMEN_GENTENAAR,
        group=autumn,
        values={"registered_on": datetime.date(2019, 8, 1)},
        by=programme_staff,
    )
    errors = _refused(
        lambda: services.duo_create(
            participant=again, buddy=BuddyFactory(), started_on=datetime.date(2019, 9, 1), by=programme_staff
        )
    )
    assert errors["participant"] == ["This newcomer is in a running duo of this programme already."]


def test_a_tandem_buddy_must_speak_the_newcomers_mother_tongue(english, newcomer, gentenaar, programme_staff):
    tandem = TandemParticipantFactory(person=newcomer, mother_tongue=Language.objects.get(pk="ara"))
    buddy = BuddyFactory(person=gentenaar, tandem=True)
    errors = _refused(
        lambda: services.duo_create(participant=tandem, buddy=buddy, started_on=MARCH, by=programme_staff)
    )
    assert errors["buddy"] == ["This buddy does not speak the newcomer's mother tongue (Arabic)."]
    gentenaar.languages.add(Language.objects.get(pk="ara"))
    duo = services.duo_create(participant=tandem, buddy=buddy, started_on=MARCH, by=programme_staff)
    assert duo.planned_end_on == datetime.date(2019, 9, 1)  # six months
    assert "mother tongue" in " ".join(reasons_words(duo.reasons))


def test_tandem_needs_a_mother_tongue_and_no_group(english, newcomer, group, programme_staff):
    errors = _refused(
        lambda: services.participant_create(
            person=newcomer,
            programme=Programme.TANDEM,
            group=group,
            values={"registered_on": datetime.date(2019, 2, 1)},
            by=programme_staff,
        )
    )
    assert set(errors) == {"group", "mother_tongue"}
    assert not Participant.objects.exists()


def test_a_meeting_before_the_duo_started_or_after_it_ended_is_refused(english, programme_staff):
    duo = DuoFactory(started_on=MARCH)
    errors = _refused(lambda: services.meeting_log(duo=duo, held_on=datetime.date(2019, 2, 28), by=programme_staff))
    assert errors["held_on"] == ["A meeting falls on or after the day the duo started (01/03/2019)."]
    services.meeting_log(duo=duo, held_on=datetime.date(2019, 3, 15), by=programme_staff)
    services.duo_end(
        duo=duo, ended_on=datetime.date(2019, 4, 1), reason="no_time", note="Nieuwe job", by=programme_staff
    )
    duo.refresh_from_db()
    errors = _refused(lambda: services.meeting_log(duo=duo, held_on=datetime.date(2019, 4, 12), by=programme_staff))
    assert errors["held_on"] == ["A meeting falls on or before the day the duo ended (01/04/2019)."]
    assert Meeting.objects.count() == 1 and duo.dropped


def test_a_duo_cannot_end_before_its_last_meeting(english, programme_staff):
    duo = DuoFactory(started_on=MARCH)
    services.meeting_log(duo=duo, held_on=datetime.date(2019, 3, 29), by=programme_staff)
    errors = _refused(
        lambda: services.duo_end(duo=duo, ended_on=datetime.date(2019, 3, 20), reason="moved", by=programme_staff)
    )
    assert "ended_on" in errors


def test_a_new_buddy_is_registered_through_the_people_service_without_a_settling_date(programme_staff):
    buddy = services.buddy_register(
        person_values={
            "given_names": "Lotte",
            "family_name": "De Smet",
            "birth_date": datetime.date(1992, 4, 1),
            "sex": "F",
        },
        languages=Language.objects.filter(pk="nld"),
        values={
            "registered_on": datetime.date(2019, 1, 10),
            "consent_given_on": datetime.date(2019, 1, 10),
            "consent_text_version": "2019-1",
            "interests": ["cooking", "walking"],
        },
        by=programme_staff,
    )
    person = Person.objects.get(pk=buddy.person_id)
    assert person.first_registration_date is None
    assert AccessLogEntry.objects.filter(person_id=person.pk, action="create").exists()


def test_a_profile_with_an_unknown_interest_or_slot_is_refused(english, programme_staff):
    errors = _refused(
        lambda: services.buddy_create(
            person=GentenaarFactory(),
            values={
                "registered_on": datetime.date(2019, 1, 10),
                "consent_given_on": datetime.date(2019, 1, 10),
                "consent_text_version": "2019-1",
                "interests": ["skydiving"],
                "availability": ["mon_night"],
            },
            by=programme_staff,
        )
    )
    assert set(errors) == {"interests", "availability"}


def test_a_group_moment_before_the_start_is_refused(english, programme_staff):
    errors = _refused(
        lambda: services.group_create(
            values={"name": "Voorjaar", "starts_on": MARCH, "activity_on": datetime.date(2019, 2, 1)},
            by=programme_staff,
        )
    )
    assert errors["activity_on"] == ["This moment falls on or after the start moment."]

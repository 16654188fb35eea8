"""The community pages: lists paginated with a fixed number of queries and everyone shown
traced, a newcomer signed up by file number, a buddy registered, the matching page
(propose, fix, exclude, swap, confirm), a duo with its meetings; refusals on the field."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from haven.community.models import Buddy, Duo, Meeting, PairRule, Participant
from haven.community.tests.factories import (
    BuddyFactory,
    CommunityEventFactory,
    CultureHouseFactory,
    DuoFactory,
    ParticipantFactory,
)
from haven.core.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/community/participants/", "/community/buddies/", "/community/duos/"])
def test_a_list_runs_as_many_queries_for_one_row_as_for_five_and_traces_everyone(programme_staff_client, url):
    DuoFactory()
    _queries(programme_staff_client, url)
    one = _queries(programme_staff_client, url)
    DuoFactory.create_batch(4)
    assert _queries(programme_staff_client, url) == one
    assert AccessLogEntry.objects.filter(action="list").exists()


def test_a_newcomer_is_signed_up_by_file_number(english, programme_staff_client, newcomer, group):
    response = programme_staff_client.post("/community/participants/", {"reference": newcomer.reference})
    assert response["Location"] == f"/community/people/{newcomer.pk}/participations/new/?purpose=programme"
    response = programme_staff_client.post(
        f"/community/people/{newcomer.pk}/participations/new/",
        {
            "purpose": "programme",
            "programme": "samen_gentenaar",
            "group": group.pk,
            "registered_on": "01/02/2019",
            "interests": ["cooking", "walking"],
            "availability": ["sat_pm"],
            "travels": "on",
        },
    )
    participant = Participant.objects.get()
    assert response["Location"] == f"/community/participants/{participant.pk}/?purpose=programme"
    assert participant.interests == ["cooking", "walking"] and participant.travels
    page = programme_staff_client.get(response["Location"]).content.decode()
    assert "cooking, walking" in page and group.name in page


def test_tandem_without_a_mother_tongue_is_refused_on_its_field(english, programme_staff_client, newcomer):
    response = programme_staff_client.post(
        f"/community/people/{newcomer.pk}/participations/new/",
        {"purpose": "programme", "programme": "tandem", "registered_on": "01/02/2019"},
    )
    assert response.context["form"].errors["mother_tongue"] == [
        "TANDEM needs the newcomer's mother tongue: the buddy must speak it."
    ]
    assert not Participant.objects.exists()


def test_a_buddy_is_registered_with_consent(english, programme_staff_client, districts):
    response = programme_staff_client.post(
        "/community/buddies/new/",
        {
            "given_names": "Lotte",
            "family_name": "Desmet",
            "birth_date": "01/04/1988",
            "sex": "F",
            "languages": ["nld", "fra"],
            "district": districts["Ledeberg"].pk,
            "registered_on": "10/01/2019",
            "samen_gentenaar": "on",
            "consent_given_on": "10/01/2019",
            "consent_text_version": "2019-1",
            "interests": ["music"],
        },
    )
    buddy = Buddy.objects.get()
    assert response.status_code == 302 and buddy.person.first_registration_date is None
    page = programme_staff_client.get(f"/community/buddies/{buddy.pk}/?purpose=programme").content.decode()
    assert "DESMET Lotte" in page and "Withdraw the consent" in page


def test_a_duo_started_by_hand_with_a_recent_newcomer_as_buddy_is_refused_on_the_field(
    english, programme_staff_client, participant
):
    recent = BuddyFactory(person__first_registration_date=datetime.date(2018, 1, 1))
    response = programme_staff_client.post(
        f"/community/participants/{participant.pk}/",
        {
            "purpose": "programme",
            "action": "duo",
            "buddy_reference": recent.person.reference,
            "started_on": "01/03/2019",
        },
    )
    assert response.status_code == 200
    assert "a duo of two newcomers is refused" in response.context["duo_form"].errors["buddy_reference"][0]
    assert not Duo.objects.exists()


def test_a_duo_page_logs_meetings_and_refuses_one_before_the_start(english, programme_staff_client):
    duo = DuoFactory()
    url = f"/community/duos/{duo.pk}/"
    assert programme_staff_client.get(url).status_code == 200  # asks the purpose first
    assert not AccessLogEntry.objects.filter(action="view").exists()
    response = programme_staff_client.post(
        url, {"purpose": "programme", "action": "meeting", "held_on": "20/02/2019", "status": "held"}
    )
    assert response.context["meeting_form"].errors["held_on"] == [
        "A meeting falls on or after the day the duo started (01/03/2019)."
    ]
    response = programme_staff_client.post(
        url, {"purpose": "programme", "action": "meeting", "held_on": "15/03/2019", "status": "held"}
    )
    assert response.status_code == 302 and Meeting.objects.count() == 1
    page = programme_staff_client.get(url + "?purpose=programme").content.decode()
    assert "1 meeting held" in page
    viewed = AccessLogEntry.objects.filter(action="view", person_id=duo.participant.person_id)
    listed = AccessLogEntry.objects.filter(action="list", person_id=duo.buddy.person_id)
    assert viewed.exists() and listed.exists()


def test_the_matching_page_proposes_excludes_reruns_and_confirms(english, programme_staff_client, participant, buddy):
    other = BuddyFactory(person__given_names="Jan", person__sex="M")
    ParticipantFactory(group=participant.group, person__given_names="Noor")
    url = f"/community/groups/{participant.group.pk}/matching/"
    page = programme_staff_client.get(url).content.decode()
    assert "No proposal yet" in page
    programme_staff_client.post(url, {"action": "propose"})
    page = programme_staff_client.get(url).content.decode()
    assert "Total score" in page and "Worst duo" in page and "Close in age" in page
    proposal = participant.group.proposals.get()
    pair = proposal.pairs.get(participant=participant)
    programme_staff_client.post(
        url, {"action": "pair", "participant": participant.pk, "buddy": pair.buddy_id, "kind": "excluded"}
    )
    assert PairRule.objects.get().kind == "excluded"
    programme_staff_client.post(url, {"action": "propose"})
    latest = participant.group.proposals.order_by("-id").first()
    assert latest.pairs.get(participant=participant).buddy_id != pair.buddy_id
    response = programme_staff_client.post(url, {"action": "confirm", "started_on": "01/03/2019"})
    assert response.status_code == 302
    assert Duo.objects.filter(group=participant.group).count() == 2
    assert {buddy.pk, other.pk} == set(Duo.objects.values_list("buddy_id", flat=True))


def test_the_matching_page_shows_a_refused_fix_in_words(english, programme_staff_client, participant, buddy):
    participant.wants_sex, participant.wants_sex_hard = "M", True
    participant.save()
    response = programme_staff_client.post(
        f"/community/groups/{participant.group.pk}/matching/",
        {"action": "pair", "participant": participant.pk, "buddy": buddy.pk, "kind": "fixed"},
    )
    assert response.status_code == 200
    assert "is a must and is not met" in response.content.decode()


def test_culture_and_events_pages(english, programme_staff_client):
    house = CultureHouseFactory(name="NTGent")
    response = programme_staff_client.post("/community/culture/", {"year": 2019, "houses": [house.pk]})
    assert response.status_code == 302
    evening = programme_staff_client.post(
        response["Location"], {"held_on": "19/09/2019", "place": "De Krook", "attendance": 87}
    )
    assert evening.status_code == 302
    assert "87" in programme_staff_client.get(response["Location"]).content.decode()
    refused = programme_staff_client.post(
        response["Location"], {"held_on": "19/09/2018", "place": "De Krook", "attendance": 3}
    )
    assert refused.context["form"].errors["held_on"] == ["The info evening falls in the edition's year (2019)."]
    CommunityEventFactory(name="Hidirellez 2019", kind="hidirellez")
    assert "Hidirellez 2019" in programme_staff_client.get("/community/events/?kind=hidirellez").content.decode()


def test_other_roles_are_refused_the_community_pages(counsellor_client, manager_client):
    for client in (counsellor_client, manager_client):
        assert client.get("/community/").status_code == 403
        assert client.get("/community/participants/").status_code == 403

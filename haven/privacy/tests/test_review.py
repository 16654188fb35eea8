"""The privacy officer's page: break-glass openings reviewed one by one, users who read
many files, and the way from a file number to who has seen the person."""

import datetime

import pytest

from conftest import logged_in_client
from haven.accounts.tests.factories import UserFactory
from haven.core.audit import access_record, access_trace
from haven.core.models import AccessAction, AccessLogEntry
from haven.people.tests.factories import PersonFactory
from haven.privacy.models import GlassReview

REASON = "The client phoned the desk about an urgent letter from the city."


_client = logged_in_client


@pytest.fixture
def officer(db):
    return UserFactory(username="pia", last_name="Officer", roles=["privacy_officer"])


@pytest.fixture
def opening(counsellor):
    person = PersonFactory(given_names="Quorvalda", family_name="Zyxreview", birth_date=datetime.date(1985, 6, 1))
    return access_record(
        user=counsellor,
        person_id=person.pk,
        action=AccessAction.VIEW,
        purpose="counselling",
        break_glass=True,
        reason=REASON,
    )


def test_the_page_lists_openings_with_their_reason(officer, opening):
    response = _client(officer).get("/privacy/")
    assert response.status_code == 200
    assert REASON.encode() in response.content
    assert f"H{opening.person_id:06d}".encode() in response.content


@pytest.mark.parametrize("role", ["counsellor", "intake", "admin", "manager", "programme_staff"])
def test_only_the_privacy_officer_reaches_the_page(role, opening):
    user = UserFactory(username=f"x-{role}", roles=[role])
    assert _client(user).get("/privacy/").status_code == 403
    assert _client(user).post(f"/privacy/reviews/{opening.pk}/", {"justified": "yes"}).status_code == 403


def test_an_opening_is_marked_reviewed_once(officer, opening):
    client = _client(officer)
    response = client.post(f"/privacy/reviews/{opening.pk}/", {"justified": "no", "note": "Asked the team lead."})
    assert response.status_code == 302
    review = GlassReview.objects.get(entry=opening)
    assert (review.justified, review.reviewed_by, review.note) == (False, officer, "Asked the team lead.")
    client.post(f"/privacy/reviews/{opening.pk}/", {"justified": "yes"})
    assert GlassReview.objects.count() == 1
    assert REASON.encode() not in client.get("/privacy/?show=open").content
    assert REASON.encode() in client.get("/privacy/?show=reviewed").content


def test_the_officer_does_not_review_their_own_opening(officer):
    own = access_record(
        user=officer, person_id=1, action=AccessAction.VIEW, purpose="audit", break_glass=True, reason=REASON
    )
    _client(officer).post(f"/privacy/reviews/{own.pk}/", {"justified": "yes"})
    assert not GlassReview.objects.exists()


def test_a_user_who_opens_many_files_in_an_hour_shows_up(officer, counsellor, settings):
    settings.HAVEN_FILES_PER_HOUR_ALERT = 3
    for person_id in range(1, 6):
        access_record(user=counsellor, person_id=person_id, action=AccessAction.VIEW, purpose="counselling")
    response = _client(officer).get("/privacy/")
    assert response.status_code == 200
    assert response.context["readers"][0]["user_id"] == counsellor.pk
    assert response.context["readers"][0]["files"] == 5


def test_a_user_shown_many_people_in_lists_shows_up(officer, intake_user, settings):
    settings.HAVEN_LISTED_PER_HOUR_ALERT = 10
    access_trace(user=intake_user, person_ids=range(1, 12), action=AccessAction.LIST, purpose="registration")
    readers = _client(officer).get("/privacy/").context["readers"]
    assert [(row["user_id"], row["listed"]) for row in readers] == [(intake_user.pk, 11)]


def test_a_file_number_leads_to_who_has_seen_the_person(officer, opening):
    client = _client(officer)
    response = client.get(f"/privacy/history/?reference=H{opening.person_id:06d}")
    assert response.status_code == 302
    history = client.get(response["Location"])
    assert history.status_code == 200
    assert REASON.encode() in history.content
    assert client.get("/privacy/history/?reference=nonsense").status_code == 302


def test_who_has_seen_a_person_is_one_query(officer, opening, django_assert_num_queries):
    from haven.core.audit import access_history

    with django_assert_num_queries(1):
        list(access_history(person_id=opening.person_id)[:50])
    assert AccessLogEntry.objects.filter(person_id=opening.person_id).count() == 1


def test_the_openings_come_fifty_a_page_and_the_links_keep_the_choice(officer, counsellor):
    person = PersonFactory()
    for _ in range(51):
        access_record(
            user=counsellor,
            person_id=person.pk,
            action=AccessAction.VIEW,
            purpose="counselling",
            break_glass=True,
            reason=REASON,
        )
    client = _client(officer)
    first = client.get("/privacy/", {"show": "all"})
    assert len(first.context["page"].object_list) == 50
    assert 'href="?show=all&amp;page=2"' in first.content.decode()
    assert len(client.get("/privacy/", {"show": "all", "page": 2}).context["page"].object_list) == 1

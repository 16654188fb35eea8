"""The access policy: whose files a role opens, the purposes it may give, breaking the
glass with a reason, refusals logged as attempts, lists narrowed to the relationship
and traced one entry per person shown."""

import datetime

import pytest

from conftest import logged_in_client
from haven.accounts.services import user_create
from haven.core.models import AccessAction, AccessLogEntry, AccessPurpose
from haven.people import policy
from haven.people.tests.factories import PersonFactory

REASON = "The client phoned the desk about an urgent letter from the city."


_client = logged_in_client


def _persona(username, roles):
    return user_create(
        username=username,
        password="correct-horse-battery-staple",
        first_name=username.title(),
        last_name="Policy",
        roles=roles,
    )


@pytest.fixture
def stranger(db):
    """Someone in nobody's caseload, programme, course or NT2 intake."""
    return PersonFactory(given_names="Quorvalda", family_name="Zyxstranger", birth_date=datetime.date(1985, 6, 1))


def test_the_policy_table_names_only_known_roles_and_purposes():
    from haven.accounts.roles import ROLES

    for role, rule in policy.POLICY.items():
        assert role in ROLES
        assert set(rule.purposes) <= set(AccessPurpose.values)
        assert rule.whose in (policy.ANYONE, policy.NOBODY) or set(rule.whose) <= set(policy.relationship_names())


@pytest.mark.parametrize("role", ["dispatcher", "partner", "interpreter", "manager", "admin"])
def test_roles_without_person_files_open_none(role, stranger):
    user = _persona(f"no-files-{role}", [role])
    response = _client(user).get(f"/people/{stranger.pk}/?purpose=audit")
    assert response.status_code == 403
    assert b"Zyxstranger" not in response.content
    assert not AccessLogEntry.objects.filter(action=AccessAction.VIEW, person_id=stranger.pk).exists()


def test_counsellor_opens_a_file_of_the_caseload(contract, counsellor):
    response = _client(counsellor).get(f"/people/{contract.person_id}/?purpose=counselling")
    assert response.status_code == 200
    entry = AccessLogEntry.objects.filter(person_id=contract.person_id, user=counsellor).latest("id")
    assert (entry.action, entry.purpose, entry.break_glass, entry.page) == (
        "view",
        "counselling",
        False,
        "people:detail",
    )


def test_counsellor_may_not_give_a_purpose_outside_the_role(contract, counsellor):
    for purpose in ("audit", "subject_request", "course", "registration"):
        response = _client(counsellor).get(f"/people/{contract.person_id}/?purpose={purpose}")
        assert response.status_code == 403, purpose
    refused = AccessLogEntry.objects.filter(person_id=contract.person_id, user=counsellor, action="refused")
    assert refused.count() == 4
    assert not AccessLogEntry.objects.filter(person_id=contract.person_id, user=counsellor, action="view").exists()


def test_the_purpose_question_offers_only_the_roles_purposes(contract, counsellor):
    response = _client(counsellor).get(f"/people/{contract.person_id}/")
    assert response.status_code == 200
    assert b'value="counselling"' in response.content
    assert b'value="audit"' not in response.content and b'value="subject_request"' not in response.content


def test_counsellor_breaks_the_glass_with_a_reason_and_it_is_logged(contract, counsellor, stranger):
    client = _client(counsellor)
    asked = client.get(f"/people/{stranger.pk}/?purpose=counselling")
    assert asked.status_code == 403
    assert b"Zyxstranger" not in asked.content and b'name="reason"' in asked.content
    too_short = client.post(
        f"/people/{stranger.pk}/break-glass/", {"reason": "because", "next": asked.request["PATH_INFO"]}
    )
    assert too_short.status_code == 422
    assert not AccessLogEntry.objects.filter(person_id=stranger.pk, action="view").exists()
    opened = client.post(
        f"/people/{stranger.pk}/break-glass/",
        {"reason": REASON, "next": f"/people/{stranger.pk}/?purpose=counselling"},
        follow=True,
    )
    assert opened.status_code == 200 and b"ZYXSTRANGER" in opened.content
    entry = AccessLogEntry.objects.filter(person_id=stranger.pk, action="view").get()
    assert (entry.break_glass, entry.reason, entry.purpose) == (True, REASON, "counselling")
    assert AccessLogEntry.objects.filter(person_id=stranger.pk, action="refused").count() == 1


def test_break_glass_does_not_accept_an_outside_next_url(counsellor, stranger):
    response = _client(counsellor).post(
        f"/people/{stranger.pk}/break-glass/", {"reason": REASON, "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == f"/people/{stranger.pk}/"


def test_course_coordinator_may_not_break_the_glass(course_coordinator, stranger):
    client = _client(course_coordinator)
    response = client.get(f"/people/{stranger.pk}/?purpose=course")
    assert response.status_code == 403 and b'name="reason"' not in response.content
    assert client.post(f"/people/{stranger.pk}/break-glass/", {"reason": REASON}).status_code == 403
    assert AccessLogEntry.objects.filter(person_id=stranger.pk, action="refused").count() == 1


def test_course_coordinator_sees_only_course_fields(course_coordinator, db):
    from haven.orientation.models import WaitingEntry

    person = PersonFactory(
        given_names="Xalvira", family_name="Coursefield", street="Geheimstraat", notes="Asylum history noted here."
    )
    WaitingEntry.objects.create(person=person, waiting_since=datetime.date(2019, 3, 1), slots=["day"])
    response = _client(course_coordinator).get(f"/people/{person.pk}/?purpose=course")
    assert response.status_code == 200
    assert b"Geheimstraat" not in response.content and b"Asylum history" not in response.content
    api = _client(course_coordinator).get(f"/api/people/{person.pk}?purpose=course")
    assert api.status_code == 200
    assert api.json()["street"] == "" and api.json()["notes"] == "" and api.json()["national_number"] == ""


def test_intake_opens_anyone_for_registration(intake_user, stranger):
    assert _client(intake_user).get(f"/people/{stranger.pk}/?purpose=registration").status_code == 200
    assert _client(intake_user).get(f"/people/{stranger.pk}/?purpose=counselling").status_code == 403


def test_privacy_officer_opens_files_for_an_audit_or_a_subject_request(db, stranger):
    officer = _persona("pia", ["privacy_officer"])
    assert _client(officer).get(f"/people/{stranger.pk}/?purpose=subject_request").status_code == 200
    assert _client(officer).get(f"/people/{stranger.pk}/?purpose=counselling").status_code == 403


def test_the_people_list_shows_only_the_caseload_and_traces_each_person(contract, counsellor, stranger):
    response = _client(counsellor).post("/people/", {"q": ""})
    assert response.status_code == 200
    assert b"ZYXSTRANGER" not in response.content
    listed = AccessLogEntry.objects.filter(user=counsellor, action=AccessAction.LIST)
    assert set(listed.values_list("person_id", flat=True)) == {contract.person_id}
    assert listed.get().page == "people:list"


def test_the_people_api_list_is_narrowed_and_traced(contract, counsellor, stranger):
    response = _client(counsellor).get("/api/people")
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [contract.person_id]
    entry = AccessLogEntry.objects.get(user=counsellor, action=AccessAction.LIST)
    assert (entry.person_id, entry.channel, entry.request_id) == (contract.person_id, "api", response["X-Request-Id"])


def test_a_list_is_traced_in_a_fixed_number_of_queries(intake_user, django_assert_max_num_queries):
    PersonFactory.create_batch(30)
    client = _client(intake_user)
    client.post("/people/", {"q": ""})  # warm the session and the caches
    with django_assert_max_num_queries(25) as small:
        client.post("/people/", {"q": "", "page": 2})
    PersonFactory.create_batch(60)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.post("/people/", {"q": ""})
    assert AccessLogEntry.objects.filter(user=intake_user, action=AccessAction.LIST).count() == 25 + 5 + 25


def test_a_colleagues_caseload_is_the_team_coordinators_only(contract, counsellor, team_coordinator, db):
    other = _persona("colin", ["counsellor"])
    assert _client(other).get(f"/integration/caseload/{counsellor.pk}/").status_code == 403
    assert _client(other).get(f"/api/integration/caseload/{counsellor.pk}").status_code == 403
    assert _client(team_coordinator).get(f"/integration/caseload/{counsellor.pk}/").status_code == 200
    assert AccessLogEntry.objects.filter(user=team_coordinator, action="list", person_id=contract.person_id).exists()


def test_the_home_page_traces_the_recent_files(contract, counsellor):
    client = _client(counsellor)
    client.get(f"/people/{contract.person_id}/?purpose=counselling")
    response = client.get("/")
    assert response.status_code == 200
    entry = AccessLogEntry.objects.filter(user=counsellor, action="list").get()
    assert (entry.person_id, entry.page) == (contract.person_id, "home")


def test_lists_mask_the_national_number_and_the_file_shows_it(intake_user):
    person = PersonFactory(
        given_names="Maskia",
        family_name="Numberova",
        birth_date=datetime.date(1990, 11, 27),
        sex="M",
        national_number="90112700189",
    )
    client = _client(intake_user)
    page = client.post("/people/", {"q": "Numberova"}).content.decode()
    api = client.post("/api/people/search", {"q": "Numberova"}, content_type="application/json").json()
    for shown in (page, str(api)):
        assert "00189" not in shown and "001.89" not in shown and "001 89" not in shown
    assert "••.••.••-•••.89" in page and api["items"][0]["national_number_masked"] == "••.••.••-•••.89"
    assert "90.11.27-001.89" in client.get(f"/people/{person.pk}/?purpose=registration").content.decode()


def test_a_relationship_several_apps_add_to_covers_the_people_each_names(db, monkeypatch):
    from django.db.models import Q

    first, second, neither = PersonFactory(), PersonFactory(), PersonFactory()
    monkeypatch.setattr(policy, "_relationships", {})
    policy.relationship_register("programme", lambda user: Q(pk__in=[first.pk]))
    policy.relationship_register("programme", lambda user: Q(pk__in=[second.pk]))
    staff = _persona("plural", ["programme_staff"])

    assert policy.relationship_covers("programme", staff, first.pk)
    assert policy.relationship_covers("programme", staff, second.pk)
    assert not policy.relationship_covers("programme", staff, neither.pk)
    assert policy.relationship_names() == ["programme"]

"""Education's pages: the lists run the same number of queries for one record as for
many and trace every person they show; the person file's panel adds no query; the
programme staff open a new referral by file number; other roles are refused."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from haven.core.models import AccessLogEntry
from haven.education.models import PreTrackParticipant, ReferralState, SchoolReferral
from haven.education.tests.factories import (
    ChildFactory,
    CohortFactory,
    ParticipantFactory,
    SchoolReferralFactory,
    StudyDossierFactory,
)

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("url", "make"),
    [
        ("/education/", lambda: SchoolReferralFactory()),
        ("/education/waiting/", lambda: SchoolReferralFactory()),
        ("/education/study-choice/", lambda: StudyDossierFactory()),
        ("/education/pre-track/", lambda: ParticipantFactory(cohort=CohortFactory(academic_year=2019))),
    ],
)
def test_a_list_runs_as_many_queries_for_one_record_as_for_five(programme_staff_client, url, make):
    make()
    one = _queries(programme_staff_client, url)
    for _ in range(4):
        if url == "/education/pre-track/":
            ParticipantFactory(cohort=PreTrackParticipant.objects.first().cohort)
        else:
            make()
    assert _queries(programme_staff_client, url) == one


def test_the_referral_list_traces_every_child_it_shows(programme_staff_client, programme_staff):
    referrals = SchoolReferralFactory.create_batch(3)
    response = programme_staff_client.get("/education/")
    assert response.status_code == 200
    traced = set(AccessLogEntry.objects.filter(user=programme_staff, action="list").values_list("person_id", flat=True))
    assert traced == {referral.person_id for referral in referrals}


def test_a_new_referral_by_file_number_opens_the_form_and_registers_the_child(
    programme_staff_client, child, regular_school
):
    response = programme_staff_client.post("/education/", {"reference": child.reference})
    assert response.status_code == 302 and f"/education/people/{child.pk}/referral/" in response["Location"]
    response = programme_staff_client.post(
        f"/education/people/{child.pk}/referral/",
        {
            "purpose": "programme",
            "requested_on": "04/03/2019",
            "guardian_name": "Amal Qadri",
            "guardian_role": "parent",
            "home_language": "ara",
            "kind": "regular",
        },
    )
    assert response.status_code == 302
    referral = SchoolReferral.objects.get(person=child)
    response = programme_staff_client.post(
        f"/education/referrals/{referral.pk}/",
        {"purpose": "programme", "step": "place", "place-school": regular_school.pk, "place-placed_on": "01/04/2019"},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.state, referral.placed_on) == (ReferralState.PLACED, datetime.date(2019, 4, 1))


def test_an_adults_referral_is_refused_on_the_form_and_nothing_is_written(programme_staff_client, adult, english):
    response = programme_staff_client.post(
        f"/education/people/{adult.pk}/referral/",
        {
            "purpose": "programme",
            "requested_on": "04/03/2019",
            "guardian_name": "Amal Qadri",
            "guardian_role": "parent",
            "home_language": "ara",
            "kind": "regular",
        },
    )
    assert response.status_code == 200
    assert "a school referral is for minors" in response.content.decode()
    assert not SchoolReferral.objects.exists()


def test_a_counsellor_may_not_open_the_referrals(counsellor_client):
    assert counsellor_client.get("/education/").status_code == 403


def test_the_person_file_shows_the_education_panel_in_as_many_queries_for_one_record_as_for_three(
    programme_staff_client,
):
    child = ChildFactory()
    SchoolReferralFactory(person=child, state=ReferralState.WITHDRAWN)
    url = f"/people/{child.pk}/?purpose=programme"
    programme_staff_client.get(url)  # the first read compiles the file's statement
    one = _queries(programme_staff_client, url)
    assert one <= 12 + (connection.vendor == "postgresql")  # the access log's lock: one more statement there
    SchoolReferralFactory(person=child, state=ReferralState.WITHDRAWN)
    SchoolReferralFactory(person=child)
    assert _queries(programme_staff_client, url) == one
    assert "education-panel" in programme_staff_client.get(url).content.decode()

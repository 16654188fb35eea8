"""Issue 13, item 1: a dispatcher's override keeps the hard rules. The run page offers for a
proposed job only the interpreters who may take it (with travel and hours this week); a
forged choice is a 400 naming each rule it breaks; "confirm all" skips, and names, any
proposal that breaks a hard rule now. Personas and their rules: ``override_data``."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import logged_in_client
from haven.interpreting.models import (
    Absence,
    Assignment,
    AssignmentStatus,
    Availability,
    InterpreterLanguage,
    RequestStatus,
)
from haven.interpreting.services import requests as requests_service
from haven.interpreting.tests.factories import InterpreterFactory, language
from haven.interpreting.tests.override_data import Scenario, override_scenario
from haven.interpreting.tests.requests_data import at, make_request


@pytest.fixture
def scenario(organisation_a, partner_a, organisation_b, partner_b, samira, dispatcher_user) -> Scenario:
    return override_scenario(
        organisation_a=organisation_a,
        partner_a=partner_a,
        organisation_b=organisation_b,
        partner_b=partner_b,
        samira=samira,
        dispatcher=dispatcher_user,
    )


def _run_page(client, scenario: Scenario):
    return client.get(reverse("interpreting:run", args=[scenario.run.pk]))


def _change(client, scenario: Scenario, interpreter_id):
    return client.post(
        reverse("interpreting:assignment_change", args=[scenario.proposal.pk]), {"interpreter": interpreter_id}
    )


def test_the_run_page_offers_only_the_interpreters_who_may_take_the_job(scenario, dispatcher_user):
    assert scenario.proposal.interpreter == scenario.people["samira"]
    response = _run_page(logged_in_client(dispatcher_user), scenario)
    [row] = response.context["rows"]
    candidates = row["check"].candidates
    # Least added travel first: Samira lives in the job's zone, Eva 40 minutes away.
    assert [str(c.interpreter) for c in candidates] == ["Samira Haddad", "Eva Janssens"]
    assert [(c.travel_minutes, c.week_minutes, c.current) for c in candidates] == [(10, 0, True), (70, 120, False)]
    assert row["check"].refusal == ""
    page = response.content.decode()
    for kept_out in ("Marianne Daniels", "Yusuf Kaya", "Nadia Bakkali", "Karim Amrani", "Lina Haddou"):
        assert kept_out not in page
    assert "2 interpreters may take this job" in page and "2:00 of 20:00" in page and "70 min" in page


TUESDAY_RULES = {
    "marianne": "not available on Tuesday {day} 08:15–09:15 (works Tuesday 12:00–18:00)",
    "yusuf": "does not interpret Arabic",
    "nadia": "absent from {day} 00:00 until {next_day} 00:00",
    "karim": "already booked 08:00–09:00 at OCMW Gent, OCMW Gent campus",
    "lina": (
        "no time to travel from Huisartsenpraktijk Lede, praktijk (a job until 07:45): "
        "40 minutes needed, 30 minutes free"
    ),
}


@pytest.mark.parametrize("persona", sorted(TUESDAY_RULES))
def test_a_forged_choice_is_a_400_naming_the_rule_it_breaks(scenario, dispatcher_user, persona):
    chosen = scenario.people[persona]
    response = _change(logged_in_client(dispatcher_user), scenario, chosen.pk)
    assert response.status_code == 400
    rule = TUESDAY_RULES[persona].format(
        day=f"{scenario.tuesday:%d/%m}", next_day=f"{scenario.tuesday + timedelta(days=1):%d/%m}"
    )
    [message] = [str(m) for m in response.context["messages"]]
    assert message == f"{chosen} may not take this job: {rule}."
    assert rule in response.content.decode()
    scenario.proposal.refresh_from_db()
    assert scenario.proposal.interpreter == scenario.people["samira"]
    assert scenario.proposal.why["code"] != "dispatcher_choice"


def test_a_choice_breaking_several_rules_names_each(scenario, dispatcher_user):
    Absence.objects.create(
        interpreter=scenario.people["marianne"],
        starts_at=at(scenario.tuesday, 8),
        ends_at=at(scenario.tuesday, 10),
    )
    response = _change(logged_in_client(dispatcher_user), scenario, scenario.people["marianne"].pk)
    day = f"{scenario.tuesday:%d/%m}"
    assert [str(m) for m in response.context["messages"]] == [
        f"Marianne Daniels may not take this job: not available on Tuesday {day} 08:15–09:15 "
        f"(works Tuesday 12:00–18:00); absent from {day} 08:00 until {day} 10:00."
    ]


def test_an_unknown_or_missing_interpreter_is_a_400(scenario, dispatcher_user):
    client = logged_in_client(dispatcher_user)
    for posted in ({"interpreter": 999_999}, {"interpreter": "x"}, {}):
        response = client.post(reverse("interpreting:assignment_change", args=[scenario.proposal.pk]), posted)
        assert response.status_code == 400
        assert "Choose one of the interpreters offered." in response.content.decode()


def test_a_permitted_choice_is_kept(scenario, dispatcher_user):
    response = _change(logged_in_client(dispatcher_user), scenario, scenario.people["eva"].pk)
    assert response.status_code == 302
    scenario.proposal.refresh_from_db()
    assert scenario.proposal.interpreter == scenario.people["eva"]
    assert scenario.proposal.why == {"code": "dispatcher_choice", "facts": {"by": "Dora Dispatch"}}


def test_a_choice_must_fit_the_other_proposals_of_the_week(scenario, organisation_a, partner_a, dispatcher_user):
    other = make_request(organisation_a, partner_a, at(scenario.tuesday, 8, 30))
    Assignment.objects.create(
        request=other,
        interpreter=scenario.people["eva"],
        starts_at=other.starts_at,
        ends_at=other.ends_at,
        run=scenario.run,
    )
    response = _change(logged_in_client(dispatcher_user), scenario, scenario.people["eva"].pk)
    assert response.status_code == 400
    assert [str(m) for m in response.context["messages"]] == [
        "Eva Janssens may not take this job: already proposed 08:30–09:30 at AZ Sint-Lucas, AZ Sint-Lucas campus."
    ]


def test_a_forged_choice_for_a_proposal_outside_a_run_is_a_400_too(
    scenario, organisation_a, partner_a, dispatcher_user
):
    job = make_request(organisation_a, partner_a, at(scenario.tuesday, 8, 15))
    alone = Assignment.objects.create(
        request=job, interpreter=scenario.people["eva"], starts_at=job.starts_at, ends_at=job.ends_at
    )
    response = logged_in_client(dispatcher_user).post(
        reverse("interpreting:assignment_change", args=[alone.pk]), {"interpreter": scenario.people["marianne"].pk}
    )
    assert response.status_code == 400
    assert "Marianne Daniels may not take this job: not available on Tuesday" in response.content.decode()


def test_the_service_refuses_the_change_whoever_calls_it(scenario, dispatcher_user):
    with pytest.raises(ValidationError) as refused:
        requests_service.assignment_change(
            assignment=scenario.proposal, interpreter=scenario.people["marianne"], by=dispatcher_user
        )
    assert "not available on Tuesday" in " ".join(refused.value.messages)


def test_confirm_all_skips_and_names_every_proposal_that_breaks_a_hard_rule_now(
    scenario, organisation_a, partner_a, dispatcher_user
):
    """The trap as it was met: a proposal moved to Marianne (outside her hours) and then
    booked by "confirm all". Now it is skipped, and so are a proposal made impossible by a
    confirmation earlier in the same batch and one whose interpreter fell ill since the run."""
    people, tuesday = scenario.people, scenario.tuesday

    def proposed(hour, minute, who):
        job = make_request(organisation_a, partner_a, at(tuesday, hour, minute))
        return Assignment.objects.create(
            request=job, interpreter=who, starts_at=job.starts_at, ends_at=job.ends_at, run=scenario.run
        )

    Assignment.objects.filter(pk=scenario.proposal.pk).update(interpreter=people["marianne"])  # as before the fix
    kept = proposed(10, 30, people["samira"])
    clashing = proposed(11, 0, people["samira"])
    ill = proposed(14, 0, people["samira"])
    Absence.objects.create(interpreter=people["samira"], starts_at=at(tuesday, 13), ends_at=at(tuesday, 23))

    client = logged_in_client(dispatcher_user)
    response = client.post(reverse("interpreting:run_confirm", args=[scenario.run.pk]), follow=True)
    statuses = dict(Assignment.objects.filter(run=scenario.run).values_list("pk", "status"))
    assert statuses == {
        scenario.proposal.pk: AssignmentStatus.PROPOSED,
        kept.pk: AssignmentStatus.CONFIRMED,
        clashing.pk: AssignmentStatus.PROPOSED,
        ill.pk: AssignmentStatus.PROPOSED,
    }
    scenario.job.refresh_from_db()
    assert scenario.job.status == RequestStatus.PROPOSED
    messages = [str(m) for m in response.context["messages"]]
    day = f"{tuesday:%d/%m}"
    assert messages[:2] == ["1 assignments confirmed.", "3 proposals were not confirmed and stay proposed:"]
    assert any(
        f"Marianne Daniels may not take this job: not available on Tuesday {day} 08:15–09:15 "
        "(works Tuesday 12:00–18:00)." in m
        for m in messages
    )
    assert any(
        "Samira Haddad may not take this job: already booked 10:30–11:30 at AZ Sint-Lucas" in m for m in messages
    ), messages
    assert any(
        f"Samira Haddad may not take this job: absent from {day} 13:00 until {day} 23:00." in m for m in messages
    )
    # The run page shows each skipped proposal with the rule it breaks.
    page = client.get(reverse("interpreting:run", args=[scenario.run.pk])).content.decode()
    assert page.count("“Confirm all proposals” will skip it.") == 3


def test_confirming_one_proposal_keeps_the_hard_rules_in_the_api(scenario, dispatcher_user):
    Assignment.objects.filter(pk=scenario.proposal.pk).update(interpreter=scenario.people["marianne"])
    response = logged_in_client(dispatcher_user).post(
        f"/api/interpreting/assignments/{scenario.proposal.pk}/confirm", content_type="application/json"
    )
    assert response.status_code == 422
    assert "not available on Tuesday" in response.json()["detail"]
    assert Assignment.objects.get(pk=scenario.proposal.pk).status == AssignmentStatus.PROPOSED


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_candidate_list_costs_the_same_queries_for_few_or_many_interpreters(scenario, dispatcher_user):
    client = logged_in_client(dispatcher_user)
    url = reverse("interpreting:run", args=[scenario.run.pk])
    few = _queries(client, url)
    for index in range(12):  # twelve more who may take it, each with a language, hours and a booking
        extra = InterpreterFactory(
            username=f"extra{index}", given_names="Extra", family_name=f"Tolk {index:02d}", available=True
        )
        InterpreterLanguage.objects.create(interpreter=extra, language=language("fra"))
        Availability.objects.create(interpreter=extra, weekday=0, starts_at=time(6), ends_at=time(7))
        Absence.objects.create(interpreter=extra, starts_at=at(scenario.tuesday, 18), ends_at=at(scenario.tuesday, 19))
    assert _queries(client, url) == few
    [row] = client.get(url).context["rows"]
    assert len(row["check"].candidates) == 14

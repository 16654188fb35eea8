"""Every newcomer gets a settlement decision, whichever way they enter the registry: the
registration page, the API or the services (the demo). The registry offers a hook
(``haven.people.hooks``) and this app plugs into it; registering, changing the first
registration date, the nationality or the birth date, and changing the facts decide
again, with the history kept.

The whole report is checked after each step: in every table with a total, the rows add
up to it."""

import datetime

import pytest

from haven.core.models import AccessPurpose
from haven.integration import services
from haven.integration.models import DecisionKind, StatusDecision, TargetGroupStatus
from haven.people import services as people_services
from haven.people.hooks import person_change_hooks
from haven.people.models import Person
from haven.people.tests.factories import person_api_payload, person_edit_data, person_form_data
from haven.reports.registry import annual_report

pytestmark = pytest.mark.django_db

JSON = "application/json"
LATER = datetime.date(2019, 9, 9)
NONE = {"niet in aanmerking": 0}  # no step here makes a newcomer not eligible
OBLIGATED_FACTS = {
    "register": "foreigners",
    "residence_title": "limited",
    "residence_title_months": 12,
    "first_residence_title": True,
    "eu_family_member": False,
    "serious_illness_certificate": False,
    "belgian_or_dutch_diploma": False,
    "earlier_integration_certificate": False,
}


def totals_add_up(year: int) -> dict:
    """The report for ``year``, after checking that every total is the sum of its rows
    (the ``total`` of a table, and a row's ``totaal`` column)."""
    report = annual_report(year)
    for key, table in report["tables"].items():
        columns, rows = table["columns"], table["rows"]
        for column, total in (table.get("total") or {}).items():
            index = columns.index(column)
            assert sum(row[index] for row in rows) == total, f"{key}: the rows of {column} do not add up to {total}"
        if "totaal" in columns:
            index = columns.index("totaal")
            for row in rows:
                assert sum(row[1:index]) == row[index], f"{key}: row {row[0]} does not add up"
    return report


def settled(report: dict) -> dict:
    table = report["tables"]["newcomers_settled_by_status"]
    return {"total": next(iter(table["total"].values())), **{row[0]: row[1] for row in table["rows"]}}


def settlement_history(person_id: int) -> list[tuple[str, datetime.date]]:
    decisions = StatusDecision.objects.filter(person_id=person_id, kind=DecisionKind.SETTLEMENT).order_by("id")
    return [(decision.status, decision.asked_on) for decision in decisions]


def current(person_id: int) -> StatusDecision:
    decision = services.settlement_current(person=Person.objects.get(pk=person_id))
    assert decision is not None
    return decision


def test_the_integration_app_plugs_into_the_registry_hook():
    assert person_change_hooks()["integration.settlement"] is services.settlement_on_person_change


def test_registrations_through_every_channel_are_decided_and_the_report_adds_up(intake_client, intake_user):
    assert settled(totals_add_up(2019))["total"] == 0

    # The registration page.
    response = intake_client.post("/people/new/", person_form_data())
    assert response.status_code == 302
    on_page = Person.objects.get(family_name="Haddad").pk
    assert settlement_history(on_page) == [(TargetGroupStatus.UNDETERMINED, datetime.date(2019, 3, 1))]
    assert settled(totals_add_up(2019)) == {"total": 1, "verplicht": 0, "rechthebbend": 0, "onbepaald": 1, **NONE}

    # The API.
    response = intake_client.post(
        "/api/people",
        person_api_payload(given_names="Omar", family_name="Nasser", birth_date="1985-07-01"),
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    by_api = response.json()["id"]
    assert settlement_history(by_api) == [(TargetGroupStatus.UNDETERMINED, datetime.date(2019, 3, 1))]

    # The services (the demo's way).
    by_service = people_services.person_create(
        by=intake_user, values=_values(given_names="Lina", family_name="Saleh", first_registration_date=LATER)
    ).pk
    assert settlement_history(by_service) == [(TargetGroupStatus.UNDETERMINED, LATER)]
    assert settled(totals_add_up(2019))["total"] == 3

    # The facts (API): obligated; the first decision stays in the history.
    response = intake_client.put(f"/api/integration/people/{on_page}/facts", OBLIGATED_FACTS, content_type=JSON)
    assert response.status_code == 200, response.content
    assert [status for status, _day in settlement_history(on_page)] == ["onbepaald", "verplicht"]
    assert current(on_page).supersedes.status == TargetGroupStatus.UNDETERMINED
    assert settled(totals_add_up(2019)) == {"total": 3, "verplicht": 1, "rechthebbend": 0, "onbepaald": 2, **NONE}

    # The first registration date (page): the newcomer moves to 2018, decided for that day.
    person = Person.objects.get(pk=by_api)
    response = intake_client.post(
        f"/people/{by_api}/edit/?purpose=correction", person_edit_data(person, first_registration_date="15/11/2018")
    )
    assert response.status_code == 302
    assert settlement_history(by_api)[-1] == (TargetGroupStatus.UNDETERMINED, datetime.date(2018, 11, 15))
    assert settled(totals_add_up(2019))["total"] == 2
    assert settled(totals_add_up(2018)) == {"total": 1, "verplicht": 0, "rechthebbend": 0, "onbepaald": 1, **NONE}

    # The first registration date (API).
    response = intake_client.patch(
        f"/api/people/{by_service}?purpose=correction", {"first_registration_date": "2019-10-01"}, content_type=JSON
    )
    assert response.status_code == 200, response.content
    assert [day for _status, day in settlement_history(by_service)] == [
        datetime.date(2019, 9, 9),
        datetime.date(2019, 10, 1),
    ]

    # The nationality (API): a British citizen settling in 2019 is an EU citizen, so exempt.
    response = intake_client.patch(
        f"/api/people/{on_page}?purpose=correction", {"nationality": "GB"}, content_type=JSON
    )
    assert response.status_code == 200, response.content
    assert [status for status, _day in settlement_history(on_page)] == ["onbepaald", "verplicht", "rechthebbend"]
    assert settled(totals_add_up(2019)) == {"total": 2, "verplicht": 0, "rechthebbend": 1, "onbepaald": 1, **NONE}


def test_a_change_no_rule_reads_decides_nothing_again(intake_client, intake_user):
    person = people_services.person_create(by=intake_user, values=_values())
    services.facts_save(person=person, values=OBLIGATED_FACTS, by=intake_user, purpose=AccessPurpose.REGISTRATION)
    before = settlement_history(person.pk)

    people_services.person_update(
        person=person, by=intake_user, values={"phone": "0470 11 22 33"}, purpose=AccessPurpose.CORRECTION
    )
    services.facts_save(
        person=person,
        values={"moved_from_elsewhere_in_belgium": False},
        by=intake_user,
        purpose=AccessPurpose.REGISTRATION,
    )

    assert (
        settlement_history(person.pk)
        == before
        == [
            (TargetGroupStatus.UNDETERMINED, datetime.date(2019, 3, 1)),
            (TargetGroupStatus.OBLIGATED, datetime.date(2019, 3, 1)),
        ]
    )


def test_a_registration_is_re_evaluated_when_the_nationality_changes(intake_user):
    person = people_services.person_create(by=intake_user, values=_values())
    services.facts_save(person=person, values=OBLIGATED_FACTS, by=intake_user, purpose=AccessPurpose.REGISTRATION)
    registration = services.registration_create(person=person, registered_on=datetime.date(2019, 4, 1), by=intake_user)
    assert registration.current_status == TargetGroupStatus.OBLIGATED

    people_services.person_update(
        person=person, by=intake_user, values={"nationality": "NL"}, purpose=AccessPurpose.CORRECTION
    )

    registration.refresh_from_db()
    assert registration.status == TargetGroupStatus.OBLIGATED  # the status at registration stays
    assert registration.current_status == TargetGroupStatus.ENTITLED
    assert current(person.pk).status == TargetGroupStatus.ENTITLED


def test_a_nationality_contradicting_the_recorded_title_asks_for_the_title_instead_of_failing(
    intake_client, intake_user
):
    person = people_services.person_create(by=intake_user, values=_values())
    services.facts_save(person=person, values=OBLIGATED_FACTS, by=intake_user, purpose=AccessPurpose.REGISTRATION)

    # Naturalised: a Belgian holds no residence title, yet the facts still hold "limited".
    response = intake_client.patch(
        f"/api/people/{person.pk}?purpose=correction", {"nationality": "BE"}, content_type=JSON
    )

    assert response.status_code == 200, response.content
    decision = current(person.pk)
    assert decision.status == TargetGroupStatus.UNDETERMINED
    assert {"born_abroad", "parent_born_abroad"} <= set(decision.missing)


def test_a_failing_decision_undoes_the_registration(intake_user, monkeypatch):
    from haven.integration.services import status

    def refuse(**kwargs):
        raise RuntimeError("the rules failed")

    monkeypatch.setattr(status, "_settlement_rules_decision", refuse)
    with pytest.raises(RuntimeError):
        people_services.person_create(by=intake_user, values=_values())
    assert not Person.objects.exists()


def _values(**overrides) -> dict:
    values = {
        "given_names": "Amina",
        "family_name": "Haddad",
        "birth_date": datetime.date(1990, 2, 14),
        "sex": "F",
        "nationality": "SY",
        "first_registration_date": datetime.date(2019, 3, 1),
    }
    return values | overrides

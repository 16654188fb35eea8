"""Registration with the live decision, the facts page, and the health fact that only
the counsellor of the person's running contract sees."""

import pytest

from haven.core.models import AccessAction, AccessLogEntry
from haven.integration import services
from haven.integration.models import DecisionKind, IntegrationFacts, Registration, StatusDecision
from haven.integration.tests.builders import OBLIGATED_FACTS, REGISTERED_ON, facts_form_data

pytestmark = pytest.mark.usefixtures("english")


def _preview(client, person, data, kind="register"):
    return client.post(f"/integration/people/{person.pk}/{kind}/preview/", data, HTTP_HX_REQUEST="true")


def test_the_registration_form_shows_the_facts_and_a_first_decision(intake_client, newcomer):
    response = intake_client.get(f"/integration/people/{newcomer.pk}/register/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f'hx-post="/integration/people/{newcomer.pk}/register/preview/"' in page
    for name in services.FACT_FIELDS:
        assert f'name="{name}"' in page
    # Booleans are yes / no / unknown.
    assert '<option value="unknown" selected>' in page
    # Nothing recorded: undetermined, with the facts still needed.
    assert response.context["decision"].status == "onbepaald"
    assert "residence title" in response.context["decision"].missing


def test_the_live_preview_returns_the_decision_partial(intake_client, newcomer):
    response = _preview(intake_client, newcomer, facts_form_data())
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page and "<main" not in page  # a partial, for htmx to swap in
    assert 'class="badge status-obligated"' in page
    assert "rule set 2016-2022" in page
    # The rules that fired, with the facts they used, in words.
    assert "A foreigner holding a residence title of more than 3 months for the first time is obligated." in page
    assert "First residence title of more than 3 months</dt><dd>yes</dd>" in page
    assert "Duration of the residence title (months)</dt><dd>12 months</dd>" in page
    assert not Registration.objects.exists() and not IntegrationFacts.objects.exists()  # nothing saved


def test_the_live_preview_lists_the_missing_facts_in_words(intake_client, newcomer):
    response = _preview(intake_client, newcomer, facts_form_data(residence_title="", first_residence_title="unknown"))
    decision = response.context["decision"]
    assert decision.status == "onbepaald"
    assert decision.missing[0] == "residence title"
    page = response.content.decode()
    assert 'class="badge status-undetermined"' in page
    assert "These facts are still needed" in page
    assert "<li>Residence title</li>" in page


def test_the_live_preview_follows_each_change(intake_client, newcomer):
    obligated = _preview(intake_client, newcomer, facts_form_data())
    exempt = _preview(intake_client, newcomer, facts_form_data(belgian_or_dutch_diploma="true"))
    excluded = _preview(intake_client, newcomer, facts_form_data(residence_title="temporary_purpose"))
    assert [response.context["decision"].status for response in (obligated, exempt, excluded)] == [
        "verplicht",
        "rechthebbend",
        "niet in aanmerking",
    ]
    assert "A holder of a Belgian or Dutch diploma is not obligated." in exempt.content.decode()


def test_the_live_preview_counts_a_half_typed_field_as_unknown(intake_client, newcomer):
    response = _preview(intake_client, newcomer, facts_form_data(first_registration_belgium="31/02/20"))
    assert response.status_code == 200
    assert response.context["incomplete"] is True
    assert "count as unknown" in response.content.decode()


def test_the_live_preview_explains_contradicting_facts(intake_client, newcomer):
    response = _preview(intake_client, newcomer, facts_form_data(residence_title="belgian"))  # a Syrian
    assert response.status_code == 200
    assert "contradict each other" in response.context["preview_error"]


def test_saving_stores_the_facts_the_registration_and_its_decision(intake_client, intake_user, newcomer):
    response = intake_client.post(f"/integration/people/{newcomer.pk}/register/", facts_form_data())
    registration = Registration.objects.get(person=newcomer)
    assert response.status_code == 302
    assert (registration.registered_on, registration.status, registration.current_status, registration.created_by) == (
        REGISTERED_ON,
        "verplicht",
        "verplicht",
        intake_user,
    )
    decision = StatusDecision.objects.get(registration=registration)
    assert (decision.kind, decision.status, decision.rule_set, decision.missing) == (
        DecisionKind.REGISTRATION,
        "verplicht",
        "2016-2022",
        [],
    )
    assert "2016.obligated.first_residence_title" in [step["rule"] for step in decision.steps]
    facts = IntegrationFacts.objects.get(person=newcomer)
    assert {name: getattr(facts, name) for name in OBLIGATED_FACTS} == OBLIGATED_FACTS
    # The page it lands on shows the stored decision.
    page = intake_client.get(response["Location"])
    assert page.context["latest"].status == "verplicht"
    assert "A foreigner holding a residence title of more than 3 months" in page.content.decode()


def test_contradicting_facts_are_refused_and_nothing_is_saved(intake_client, newcomer):
    response = intake_client.post(
        f"/integration/people/{newcomer.pk}/register/", facts_form_data(residence_title="belgian")
    )
    assert response.status_code == 200
    assert "contradict each other" in response.content.decode()
    assert not Registration.objects.exists() and not IntegrationFacts.objects.exists()


def test_a_date_without_rule_set_is_refused(intake_client, newcomer):
    response = intake_client.post(
        f"/integration/people/{newcomer.pk}/register/", facts_form_data(registered_on="01/05/2012")
    )
    assert response.status_code == 200
    assert "No rule set covers this date" in response.content.decode()
    assert not Registration.objects.exists()


def test_editing_facts_re_evaluates_the_registration_and_keeps_the_history(counsellor_client, counsellor, contract):
    registration = contract.registration
    url = f"/integration/people/{contract.person_id}/facts/"
    page = counsellor_client.get(url + "?purpose=counselling")
    assert page.status_code == 200
    assert page.context["asked_on"] == REGISTERED_ON

    data = facts_form_data(belgian_or_dutch_diploma="true", purpose="counselling")
    del data["registered_on"]
    response = counsellor_client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == f"/integration/registrations/{registration.pk}/?purpose=counselling"
    registration.refresh_from_db()
    assert (registration.status, registration.current_status) == ("verplicht", "rechthebbend")
    history = counsellor_client.get(response["Location"])
    assert [decision.status for decision, _shown in history.context["decisions"]] == ["verplicht", "rechthebbend"]
    assert [decision.kind for decision, _shown in history.context["decisions"]] == ["registration", "reevaluation"]
    assert AccessLogEntry.objects.filter(user=counsellor, action=AccessAction.UPDATE, purpose="counselling").exists()


# The health fact -----------------------------------------------------------------------------


def test_intake_gives_the_health_fact_on_the_registration_form(intake_client, newcomer):
    response = intake_client.get(f"/integration/people/{newcomer.pk}/register/")
    assert 'name="serious_illness_certificate"' in response.content.decode()
    response = intake_client.post(
        f"/integration/people/{newcomer.pk}/register/", facts_form_data(serious_illness_certificate="true")
    )
    assert response.status_code == 302
    assert IntegrationFacts.objects.get().serious_illness_certificate is True
    assert Registration.objects.get().status == "rechthebbend"


def test_intake_sees_the_recorded_health_fact_only_as_confidential(intake_client, registration):
    IntegrationFacts.objects.filter(person=registration.person).update(serious_illness_certificate=True)
    response = intake_client.get(f"/integration/people/{registration.person_id}/register/")
    field = response.context["form"]["serious_illness_certificate"]
    assert field.value() == "keep"
    page = response.content.decode()
    assert '<option value="keep" selected>as recorded (confidential)</option>' in page
    # The explanation masks it: the rule's outcome and the fact's value.
    decision = response.context["decision"]
    assert decision.masked
    health = [step for step in decision.steps if step.rule.endswith("exempt.serious_illness")]
    assert health and health[0].outcome == "confidential"
    assert [fact.value for fact in health[0].facts] == ["confidential"]

    # Kept as recorded when saved.
    intake_client.post(
        f"/integration/people/{registration.person_id}/register/", facts_form_data(serious_illness_certificate="keep")
    )
    assert IntegrationFacts.objects.get().serious_illness_certificate is True


def test_the_facts_page_hides_the_health_fact_from_others_and_keeps_it(intake_client, registration):
    IntegrationFacts.objects.filter(person=registration.person).update(serious_illness_certificate=True)
    url = f"/integration/people/{registration.person_id}/facts/"
    response = intake_client.get(url + "?purpose=registration")
    assert "serious_illness_certificate" not in response.context["form"].fields
    assert 'name="serious_illness_certificate"' not in response.content.decode()
    data = facts_form_data(serious_illness_certificate="false")  # posted anyway: ignored
    del data["registered_on"]
    assert intake_client.post(url, data).status_code == 302
    assert IntegrationFacts.objects.get().serious_illness_certificate is True


def test_the_counsellor_of_the_running_contract_sees_and_edits_the_health_fact(counsellor_client, contract):
    IntegrationFacts.objects.filter(person=contract.person).update(serious_illness_certificate=True)
    services.registration_reevaluate(registration=contract.registration, by=contract.counsellor)
    response = counsellor_client.get(f"/integration/registrations/{contract.registration_id}/?purpose=counselling")
    latest = response.context["latest"]
    assert not latest.masked
    health = next(step for step in latest.steps if step.rule.endswith("exempt.serious_illness"))
    assert (health.outcome, [fact.value for fact in health.facts]) == ("fired", ["yes"])

    response = counsellor_client.get(f"/integration/people/{contract.person_id}/facts/?purpose=counselling")
    assert response.context["form"]["serious_illness_certificate"].value() is True


@pytest.mark.parametrize(
    ("reader", "purpose"), [("intake_client", "registration"), ("team_coordinator_client", "counselling")]
)
def test_others_read_the_health_ground_as_confidential(request, reader, purpose, contract):
    IntegrationFacts.objects.filter(person=contract.person).update(serious_illness_certificate=True)
    services.registration_reevaluate(registration=contract.registration, by=contract.counsellor)
    client = request.getfixturevalue(reader)
    for url in (
        f"/integration/registrations/{contract.registration_id}/?purpose={purpose}",
        f"/people/{contract.person_id}/?purpose={purpose}",
    ):
        response = client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert "Serious illness or disability (medical certificate)</dt><dd>confidential</dd>" in page
        assert "Serious illness or disability (medical certificate)</dt><dd>yes</dd>" not in page

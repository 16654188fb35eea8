"""The routing advice on the intake file: the row of the routing table quoted, the learner
literate in another script, a level below A1 that is a result (not an untested skill), and
the module chosen in the advice carried into the enrolment form."""

import re

import pytest
from django.utils import timezone

from haven.core.models import Language
from haven.nt2 import selectors, services
from haven.nt2.models import Enrolment, ProviderKind, Routing
from haven.nt2.tests.factories import ModuleFactory, ProviderFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

# Literate in Arabic script, 12 years of schooling, average aptitude, Dutch for daily life.
ARABIC_SCRIPT = {
    "kind": "first",
    "learning_goal": "daily_life",
    "years_of_schooling": 12,
    "highest_diploma": "upper_secondary",
    "literate": True,
    "latin_script": False,
    "learning_pace": "regular",
    "work_follow_up": False,
    "outcome": "routed",
}


def today():
    return timezone.localdate()


def _conversation(person, by, **values):
    return services.conversation_create(
        person=person,
        by=by,
        languages=Language.objects.filter(code="ara"),
        values={"held_on": today(), **ARABIC_SCRIPT, **values},
    )


def _level_tests(person, by, levels: dict[str, str]) -> None:
    for skill, level in levels.items():
        services.language_test_record(
            person=person, by=by, values={"taken_on": today(), "kind": "level", "skill": skill, "level": level}
        )


@pytest.fixture
def latin_module(providers):
    cbe = providers["cbe"]
    cbe.paces = [*cbe.paces, "latin"]
    cbe.save(update_fields=["paces"])
    return ModuleFactory(provider=cbe, pace="latin", hours=60, title="Latijns schrift", location="Ghent")


def selected_module(page: str) -> str | None:
    """The module the enrolment form opens on."""
    select = re.search(r'<select name="enrolment-module".*?</select>', page, re.S)
    assert select, "no enrolment form"
    chosen = re.search(r'<option value="(\d+)" selected>', select.group(0))
    return chosen.group(1) if chosen else None


# The learner literate in Arabic script ---------------------------------------------------------


def test_a_learner_literate_in_arabic_script_is_advised_a_latin_script_module_then_the_cvo(
    intake_client, intake_user, learner, modules, latin_module
):
    _conversation(learner, intake_user)
    response = intake_client.post(f"/nt2/people/{learner.pk}/routings/")
    assert response.status_code == 302
    routing = Routing.objects.get(person=learner)
    assert (routing.proposed_kind, routing.proposed_pace, routing.proposed_hours) == (ProviderKind.CVO, "regular", 120)
    assert routing.proposed_module == latin_module  # not the 600-hour literacy track (modules["cbe"])
    assert routing.reasons[0]["code"] == "routing_row" and routing.reasons[0]["facts"]["row"] == 13

    page = intake_client.get(f"/nt2/people/{learner.pk}/").content.decode()
    assert (
        "Row 13 of the routing table: literate in another script (not the Latin script); 9 or more years of "
        "schooling (beyond primary school); average aptitude; any goal → an adult education centre (CVO), "
        "regular course, standard pace (120 hours per level), after a Latin-script module." in page
    )
    assert "Proposed Latin-script module: CBE" in page
    advice = re.search(r'<ul class="reasons">.*?</ul>', page, re.S).group(0)
    assert "600" not in advice and "literacy track" not in advice


def test_the_route_of_a_learner_literate_in_no_script_is_still_the_literacy_track(
    intake_client, intake_user, learner, modules, latin_module
):
    _conversation(
        learner, intake_user, literate=False, latin_script=False, years_of_schooling=2, highest_diploma="none"
    )
    intake_client.post(f"/nt2/people/{learner.pk}/routings/")
    routing = Routing.objects.get(person=learner)
    assert (routing.proposed_kind, routing.proposed_pace, routing.proposed_hours) == (ProviderKind.CBE, "alpha", 600)
    assert routing.proposed_module == modules["cbe"]
    assert routing.reasons[0]["facts"]["row"] == 1


# A level below A1 is a result, not an untested skill -------------------------------------------


def test_four_skills_tested_with_one_below_a1_are_never_called_untested(intake_client, intake_user, learner, modules):
    _conversation(learner, intake_user, latin_script=True)
    _level_tests(learner, intake_user, {"listening": "A1", "speaking": "A1", "reading": "A1", "writing": "0"})
    assert selectors.intake_file(learner.pk).facts.levels == {
        "listening": "A1",
        "speaking": "A1",
        "reading": "A1",
        "writing": "0",
    }
    intake_client.post(f"/nt2/people/{learner.pk}/routings/")
    routing = Routing.objects.get(person=learner)
    assert routing.proposed_level == "A1"
    start = next(reason for reason in routing.reasons if reason["code"] == "start_level")
    assert start["facts"]["lowest_level"] == "0"
    page = intake_client.get(f"/nt2/people/{learner.pk}/").content.decode()
    assert "Starts at level A1: all four skills are tested, and the lowest is below A1." in page
    assert "no level test yet" not in page and "not every skill has a level" not in page


def test_an_untested_skill_is_named_in_the_advice(intake_client, intake_user, learner, modules):
    _conversation(learner, intake_user, latin_script=True)
    _level_tests(learner, intake_user, {"listening": "A2", "speaking": "A2", "reading": "A2"})
    intake_client.post(f"/nt2/people/{learner.pk}/routings/")
    page = intake_client.get(f"/nt2/people/{learner.pk}/").content.decode()
    assert "Starts at level A1: no level test yet for writing." in page


# A chosen module carries into the enrolment form ------------------------------------------------


def test_accepting_the_proposal_opens_the_enrolment_form_on_its_module(intake_client, proposal, modules):
    page = intake_client.get(f"/nt2/people/{proposal.person_id}/").content.decode()
    assert selected_module(page) is None  # nothing chosen yet

    response = intake_client.post(f"/nt2/routings/{proposal.pk}/decide/", {"accept": "1"})
    assert response.status_code == 302 and response.url.endswith("#enrolments")
    page = intake_client.get(response.url).content.decode()
    assert selected_module(page) == str(modules["uct"].pk)
    assert re.search(r'<details class="add-link" id="enrolment-form" open>', page)
    assert "The module chosen in the routing advice is filled in." in page

    # Enrolling with what the form opened on.
    routing_field = re.search(r'<select name="enrolment-routing".*?</select>', page, re.S).group(0)
    assert f'<option value="{proposal.pk}" selected>' in routing_field
    response = intake_client.post(
        f"/nt2/people/{proposal.person_id}/enrolments/",
        {
            "enrolment-module": selected_module(page),
            "enrolment-requested_on": today().strftime("%d/%m/%Y"),
            "enrolment-routing": proposal.pk,
        },
    )
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(person_id=proposal.person_id)
    assert (enrolment.module, enrolment.routing_id) == (modules["uct"], proposal.pk)
    # Enrolled: the form no longer opens on that module.
    page = intake_client.get(f"/nt2/people/{proposal.person_id}/").content.decode()
    assert selected_module(page) is None


def test_another_module_chosen_in_the_advice_carries_into_the_enrolment_form(intake_client, proposal, modules):
    response = intake_client.post(
        f"/nt2/routings/{proposal.pk}/decide/",
        {f"decide-{proposal.pk}-module": modules["cvo"].pk, f"decide-{proposal.pk}-reason": "Evening classes."},
    )
    assert response.status_code == 302 and response.url.endswith("#enrolments")
    assert selected_module(intake_client.get(response.url).content.decode()) == str(modules["cvo"].pk)


def test_a_provider_chosen_without_a_module_leaves_the_module_to_pick(intake_client, proposal, providers):
    other = ProviderFactory(name="KISP", kind=ProviderKind.OTHER)
    response = intake_client.post(
        f"/nt2/routings/{proposal.pk}/decide/",
        {f"decide-{proposal.pk}-provider": other.pk, f"decide-{proposal.pk}-reason": "Close to home."},
    )
    assert response.status_code == 302
    page = intake_client.get(f"/nt2/people/{proposal.person_id}/").content.decode()
    assert selected_module(page) is None

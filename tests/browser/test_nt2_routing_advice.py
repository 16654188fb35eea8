"""Acceptance: the NT2 routing advice for a learner literate in Arabic script (12 years of
schooling, average aptitude) quotes row 13 of the routing table: a Latin-script module, then
the regular course at a CVO, not the 600-hour literacy track. Accepting it opens the
enrolment form on the module. Screenshots land in test-artifacts/."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from haven.accounts.services import user_create
from haven.core.models import Language
from haven.nt2 import services
from haven.nt2.models import Module, Provider, ProviderKind
from haven.people.services import person_create

from .test_intake_registration import PASSWORD, log_in


@pytest.fixture
def intake(transactional_db):
    Language.objects.get_or_create(code="ara")
    return user_create(username="ines", password=PASSWORD, first_name="Ines", last_name="Persona", roles=["intake"])


@pytest.fixture
def learner(intake):
    """Literate in Arabic script, 12 years of schooling, an average learner."""
    arabic = Language.objects.get(code="ara")
    person = person_create(
        by=intake,
        values={
            "given_names": "Yusuf",
            "family_name": "Haddad",
            "birth_date": datetime.date(1988, 6, 1),
            "sex": "M",
            "nationality": "SY",
            "preferred_language": arabic,
            "first_registration_date": timezone.localdate() - datetime.timedelta(days=90),
        },
        languages=[arabic],
    )
    services.conversation_create(
        person=person,
        by=intake,
        languages=[arabic],
        values={
            "held_on": timezone.localdate(),
            "kind": "first",
            "learning_goal": "daily_life",
            "years_of_schooling": 12,
            "highest_diploma": "upper_secondary",
            "literate": True,
            "latin_script": False,
            "learning_pace": "regular",
            "work_follow_up": False,
            "outcome": "routed",
        },
    )
    for skill in ("listening", "speaking", "reading", "writing"):
        services.language_test_record(
            person=person,
            by=intake,
            values={"taken_on": timezone.localdate(), "kind": "level", "skill": skill, "level": "0"},
        )
    return person


@pytest.fixture
def modules(intake):
    start = timezone.localdate() + datetime.timedelta(days=14)
    cbe = Provider.objects.create(
        name="CBE Leerpunt",
        short_name="Leerpunt",
        kind=ProviderKind.CBE,
        paces=["alpha", "slow", "latin"],
        levels=["A1"],
    )
    cvo = Provider.objects.create(
        name="CVO Gent", short_name="CVO Gent", kind=ProviderKind.CVO, paces=["regular"], levels=["A1", "A2"]
    )
    common = {"level": "A1", "starts_on": start, "places": 12, "location": "Gent"}
    return {
        "alpha": Module.objects.create(provider=cbe, title="Alfa A1", pace="alpha", hours=150, **common),
        "latin": Module.objects.create(provider=cbe, title="Latijns schrift", pace="latin", hours=60, **common),
        "cvo": Module.objects.create(provider=cvo, title="Nederlands A1", pace="regular", hours=120, **common),
    }


@pytest.mark.browser
def test_the_arabic_script_learner_is_advised_the_latin_script_module_and_enrols(
    new_page, live_server, learner, modules, artifacts
):
    page = new_page()
    page.set_default_timeout(60_000)  # a shared, busy machine: the first pages can be slow
    log_in(page, live_server, "ines")
    page.goto(f"{live_server.url}/nt2/people/{learner.pk}/")
    page.locator("form[action$='/routings/'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"#routing-\d+$"))

    reasons = page.locator("#routings ul.reasons li")
    expect(reasons.first).to_contain_text(re.compile(r"(Row|Rij) 13"))
    expect(reasons.first).to_contain_text(re.compile(r"Latin-script module|Latijns"))
    expect(reasons.first).not_to_contain_text("600")
    expect(reasons.nth(1)).not_to_contain_text(re.compile(r"no level test|not tested|niet getest"))
    expect(page.locator("#routings")).to_contain_text("Latijns schrift")  # the proposed module
    page.locator("#routings").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "nt2-routing-advice.png"), full_page=True)

    page.locator("#routings button[name=accept]").click()
    page.wait_for_url(re.compile(r"#enrolments$"))
    form = page.locator("#enrolment-form")
    expect(form).to_have_attribute("open", "")
    expect(page.locator("select[name=enrolment-module]")).to_have_value(str(modules["latin"].pk))
    form.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "nt2-routing-enrolment.png"), full_page=True)

    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"#enrolments$"))
    expect(page.locator("#enrolments .entries")).to_contain_text("Latijns schrift")

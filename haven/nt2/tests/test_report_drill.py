"""The NT2 figures of the annual report each equal the records their drill-down lists,
and the section says what it counts."""

import datetime

import pytest
from django.utils import translation

from haven.nt2.models import (
    CertificationTest,
    Conversation,
    Enrolment,
    Funder,
    LanguageTest,
    Module,
    Provider,
    ProviderKind,
    Scholarship,
    ScholarshipFund,
)
from haven.nt2.report import ROW_LABELS
from haven.people.tests.factories import PersonFactory
from haven.reports.registry import drill_for, report_sections, report_words
from haven.reports.testing import cells_without_records

pytestmark = pytest.mark.django_db
KEY = "dutch_second_language"


@pytest.fixture
def learners(intake_user):
    """Two learners with conversations (one with two), a test, enrolments at a CVO and at
    basic education, grants of both funders and a certification test, some in 2018."""
    first, second = PersonFactory.create_batch(2)
    for person, day in ((first, "2019-01-10"), (first, "2019-06-03"), (second, "2019-12-31"), (second, "2018-12-31")):
        Conversation.objects.create(
            person=person,
            held_on=datetime.date.fromisoformat(day),
            staff=intake_user,
            kind="first",
            learning_goal="work",
            outcome="routed",
        )
    LanguageTest.objects.create(
        person=first, taken_on=datetime.date(2019, 2, 1), kind="aptitude", aptitude="fast", staff=intake_user
    )
    modules = {}
    for kind in (ProviderKind.CVO, ProviderKind.CBE):
        provider = Provider.objects.create(name=kind, kind=kind, paces=["regular"], levels=["A1"])
        modules[kind] = Module.objects.create(
            provider=provider,
            title="A1",
            level="A1",
            pace="regular",
            hours=120,
            starts_on=datetime.date(2019, 9, 2),
            places=20,
        )
    for person, kind, day in (
        (first, "cvo", "2019-08-01"),
        (second, "cvo", "2018-08-01"),
        (second, "cbe", "2019-08-01"),
    ):
        on = datetime.date.fromisoformat(day)
        Enrolment.objects.create(
            person=person, module=modules[kind], requested_on=on, status_on=on, status="dropped", created_by=intake_user
        )
    for funder, person in ((Funder.CITY, first), (Funder.FLANDERS, second)):
        fund = ScholarshipFund.objects.create(name=funder, funder=funder, year=2019, budget=5)
        Scholarship.objects.create(
            person=person,
            fund=fund,
            module=modules["cvo"],
            granted_on=datetime.date(2019, 3, 1),
            granted_by=intake_user,
        )
    CertificationTest.objects.create(
        person=second,
        taken_on=datetime.date(2019, 5, 5),
        purpose="nationality",
        level_tested="A2",
        level_reached="",
        staff=intake_user,
    )
    return first, second


def test_every_figure_equals_its_records(learners):
    assert cells_without_records(KEY, 2019) == []
    assert cells_without_records(KEY, 2018) == []


def test_the_people_row_lists_each_person_with_a_conversation_once(learners):
    drill = drill_for(KEY, 2019, [report_words(ROW_LABELS["people"]), 2], "2019")
    assert drill is not None and drill.person == "pk"
    assert sorted(drill.records.values_list("pk", flat=True)) == sorted(person.pk for person in learners)
    held = drill_for(KEY, 2019, [report_words(ROW_LABELS["held"]), 3], "2019")
    assert held is not None and held.records.count() == 3  # the conversation of 2018 is not behind it


def test_the_section_says_what_it_counts():
    [section] = [section for section in report_sections() if section.key == KEY]
    with translation.override("en"):
        assert "adult education centre" in str(section.definition)

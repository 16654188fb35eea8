"""The NT2 section of the annual report counts records of the year it is asked for."""

import datetime

import pytest

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
from haven.nt2.report import dutch_second_language
from haven.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _rows(year):
    return dict(dutch_second_language(year).rows)


def test_each_row_counts_its_records_in_the_year_only(intake_user):
    first, second = PersonFactory.create_batch(2)
    for person, day in (
        (first, datetime.date(2019, 1, 10)),
        (first, datetime.date(2019, 6, 3)),
        (second, datetime.date(2019, 12, 31)),
        (second, datetime.date(2018, 12, 31)),
    ):
        Conversation.objects.create(
            person=person, held_on=day, staff=intake_user, kind="first", learning_goal="work", outcome="routed"
        )
    for day in (datetime.date(2019, 2, 1), datetime.date(2020, 1, 1)):
        LanguageTest.objects.create(person=first, taken_on=day, kind="aptitude", aptitude="fast", staff=intake_user)
    cvo = Provider.objects.create(name="CVO", kind=ProviderKind.CVO, paces=["regular"], levels=["A1"])
    cbe = Provider.objects.create(name="CBE", kind=ProviderKind.CBE, paces=["slow"], levels=["A1"])
    uct = Provider.objects.create(name="UCT", kind=ProviderKind.UCT, paces=["fast"], levels=["A1"])
    modules = {
        provider.kind: Module.objects.create(
            provider=provider,
            title="A1",
            level="A1",
            pace=provider.paces[0],
            hours=120,
            starts_on=datetime.date(2019, 9, 2),
            places=20,
        )
        for provider in (cvo, cbe, uct)
    }
    for person, module, day, status in (
        (first, modules["cvo"], datetime.date(2019, 8, 1), "dropped"),
        (second, modules["cvo"], datetime.date(2019, 8, 2), "finished"),
        (first, modules["cbe"], datetime.date(2019, 8, 1), "finished"),
        (second, modules["cvo"], datetime.date(2018, 8, 1), "dropped"),
    ):
        Enrolment.objects.create(
            person=person, module=module, requested_on=day, status_on=day, status=status, created_by=intake_user
        )
    funds = {
        funder: ScholarshipFund.objects.create(name=funder, funder=funder, year=2019, budget=5)
        for funder in Funder.values
    }
    Scholarship.objects.create(
        person=first,
        fund=funds["city"],
        module=modules["uct"],
        granted_on=datetime.date(2019, 3, 1),
        granted_by=intake_user,
    )
    Scholarship.objects.create(
        person=second,
        fund=funds["city"],
        module=modules["uct"],
        granted_on=datetime.date(2019, 3, 1),
        granted_by=intake_user,
    )
    CertificationTest.objects.create(
        person=first,
        taken_on=datetime.date(2019, 5, 5),
        purpose="nationality",
        level_tested="A2",
        level_reached="",
        staff=intake_user,
    )

    assert _rows(2019) == {
        "Personen op intakegesprek": 2,
        "Gesprekken": 3,
        "Afgenomen testen": 1,
        "Inschrijvingen voor de CVO's": 2,  # a dropped enrolment was still made; the CBE one is not a CVO's
        "Beurzen UCT toegekend door de Stad Gent": 2,
        "Beurzen UCT toegekend door de Vlaamse overheid": 0,
        "Certificerende testen": 1,
    }
    assert _rows(2018)["Gesprekken"] == 1 and _rows(2018)["Inschrijvingen voor de CVO's"] == 1
    table = dutch_second_language(2019)
    assert table.columns == ["label", "2019"]
    assert table.extra["providers"] == ["CBE", "CVO", "UCT"]  # by kind: basic, adult, university
    assert len(table.extra["certification_purposes_nl"]) == 5


def test_the_section_is_in_the_annual_report():
    from haven.reports.registry import annual_report

    assert "dutch_second_language" in annual_report(2019)["tables"]

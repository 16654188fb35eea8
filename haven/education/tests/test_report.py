"""The education table of the annual report, counted from records: the demo builder
reproduces the seed's 2019 rows exactly, and one record changed moves exactly its figure."""

import datetime
import random

import pytest
from faker import Faker

from haven.demo.education import EducationBuilder
from haven.demo.figures import seed_report
from haven.demo.population import NumberFactory
from haven.education.models import ParticipantState, PreTrackParticipant, ReferralState, SchoolReferral, StudyDossier
from haven.education.report import education
from haven.people.models import Person
from haven.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _figures(year: int = 2019) -> list:
    return [value for _label, value in education(year).rows]


@pytest.fixture
def built(programme_staff):
    """The builder on 320 adults registered in 2017 (the children it makes itself)."""
    people = [
        PersonFactory.build(
            birth_date=datetime.date(1975, 1, 1) + datetime.timedelta(days=index * 9),
            first_registration_date=datetime.date(2017, 6, 1),
        )
        for index in range(320)
    ]
    Person.objects.bulk_create(people)
    faker = Faker("nl_BE")
    faker.seed_instance(7)
    EducationBuilder(
        rng=random.Random(7),
        seed_report=seed_report(),
        staff={"programme_staff": programme_staff},
        faker=faker,
        numbers=NumberFactory(random.Random(7)),
    ).build(list(Person.objects.only("id", "birth_date", "first_registration_date").order_by("id")))


def test_the_demo_builder_reproduces_the_seed_rows_exactly(built):
    assert education(2019).as_json()["rows"] == seed_report()["tables"]["education"]["rows"]


def test_the_figures_are_the_seeds_whatever_the_interface_language(built, settings):
    settings.LANGUAGE_CODE = "en"
    assert _figures() == [value for _label, value in seed_report()["tables"]["education"]["rows"]]
    assert education(2019).row_labels  # the reader's words beside the report's


def test_a_referral_withdrawn_instead_of_placed_moves_only_the_children_referred(built):
    before = _figures()
    referral = SchoolReferral.objects.filter(state=ReferralState.PLACED, placed_on__year=2019).first()
    SchoolReferral.objects.filter(pk=referral.pk).update(
        state=ReferralState.WITHDRAWN, school=None, placed_on=None, closed_on=referral.placed_on
    )
    after = _figures()
    assert after[0] == before[0] - 1 and after[1:] == before[1:]


def test_a_2018_dossier_closed_in_2019_moves_only_the_dossiers(built):
    before = _figures()
    dossier = StudyDossier.objects.filter(opened_on__year=2018).first()
    StudyDossier.objects.filter(pk=dossier.pk).update(closed_on=datetime.date(2019, 1, 10))
    after = _figures()
    assert after[3] == before[3] + 1 and after[:3] + after[4:] == before[:3] + before[4:]


def test_a_graduate_who_dropped_out_moves_only_the_graduates(built):
    before = _figures()
    graduate = PreTrackParticipant.objects.filter(cohort__academic_year=2018, state=ParticipantState.GRADUATED).first()
    PreTrackParticipant.objects.filter(pk=graduate.pk).update(state=ParticipantState.DROPPED)
    after = _figures()
    assert after[4] == before[4] - 1 and after[:4] + after[5:] == before[:4] + before[5:]


def test_the_year_labels_follow_the_year(built):
    labels = [label for label, _value in education(2020).rows]
    assert labels[4].endswith("(juni 2020)") and labels[5].endswith("(2020-2021)")

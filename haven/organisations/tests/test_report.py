"""The organisations table of the annual report, counted from records: the demo builder
reproduces the seed's 2019 rows exactly, and one record changed moves exactly its figure."""

import datetime
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from faker import Faker

from haven.core.services import languages_load_defaults
from haven.demo.figures import seed_report
from haven.demo.organisations import OrganisationsBuilder
from haven.demo.population import NumberFactory
from haven.organisations import models
from haven.organisations.report import ROW_LABELS, organisations
from haven.organisations.tests.factories import (
    AmbassadorFactory,
    RequestedTestimonyFactory,
    SupportContactFactory,
    TrainingFactory,
)
from haven.people.models import Person

pytestmark = pytest.mark.django_db
GIVEN = models.TestimonyState.GIVEN


def _figures(year: int = 2019) -> list:
    return [value for _label, value in organisations(year).rows]


def _moved(before: list, after: list) -> list:
    return [b - a for a, b in zip(before, after, strict=True)]


def test_the_demo_builder_reproduces_the_seed_figures_exactly(programme_staff):
    languages_load_defaults()
    seed = seed_report()
    faker = Faker("nl_BE")
    faker.seed_instance(2019)
    OrganisationsBuilder(
        rng=random.Random(2019),
        seed_report=seed,
        staff={"programme_staff": programme_staff},
        faker=faker,
        numbers=NumberFactory(random.Random(1)),
    ).build()
    assert _figures() == [value for _label, value in seed["tables"]["organisations"]["rows"]]
    # The ambassadors are people of the registry who never settled as newcomers.
    assert not Person.objects.exclude(first_registration_date=None).exists()
    # Today's requests in every state; more associations in the register than were supported.
    assert set(models.TestimonyRequest.objects.values_list("state", flat=True)) == set(models.TestimonyState.values)
    assert models.Association.objects.count() > 76
    assert (
        models.Ambassador.objects.filter(certified_on=None).exists()
        and models.Ambassador.objects.filter(stopped_on__year__lt=2019).exists()
    )


def test_the_row_labels_are_the_reports_own_words_in_dutch():
    # The Dutch catalogue holds them once the translations are compiled (make messages);
    # English msgids until then. Either way the rows keep the seed's order.
    assert list(ROW_LABELS) == [
        "sessions",
        "participants",
        "certified",
        "new",
        "testified",
        "testimonies",
        "contacts",
        "associations",
    ]


def test_the_section_counts_its_eight_figures_in_one_statement(ambassador):
    TrainingFactory()
    SupportContactFactory()
    organisations(2019)  # the statement compiled once per process and year
    with CaptureQueriesContext(connection) as queries:
        organisations(2019)
    assert len(queries) == 1


def test_a_training_session_moves_the_sessions_by_one_and_the_participants_by_its_count():
    before = _figures()
    TrainingFactory(participants=17)
    assert _moved(before, _figures()) == [1, 17, 0, 0, 0, 0, 0, 0]


def test_an_ambassador_certified_in_the_year_is_certified_and_new(volunteer):
    before = _figures()
    AmbassadorFactory(person=volunteer, trained_on=datetime.date(2019, 2, 1), certified_on=datetime.date(2019, 5, 1))
    assert _moved(before, _figures()) == [0, 0, 1, 1, 0, 0, 0, 0]
    assert _figures(2018)[2:4] == [0, 0]


def test_an_ambassador_who_stopped_by_the_end_of_the_year_is_not_counted_certified(ambassador):
    assert _figures()[2] == 1
    models.Ambassador.objects.filter(pk=ambassador.pk).update(stopped_on=datetime.date(2019, 12, 31))
    assert _figures()[2] == 0
    models.Ambassador.objects.filter(pk=ambassador.pk).update(stopped_on=datetime.date(2020, 1, 1))
    assert _figures()[2] == 1


def test_a_testimony_given_moves_the_testimonies_and_a_second_one_not_the_ambassadors(ambassador):
    RequestedTestimonyFactory(ambassador=ambassador, state=GIVEN)
    before = _figures()
    RequestedTestimonyFactory(ambassador=ambassador, state=GIVEN, held_on=datetime.date(2019, 10, 8))
    assert _moved(before, _figures()) == [0, 0, 0, 0, 0, 1, 0, 0]


def test_only_testimonies_given_are_counted(ambassador):
    before = _figures()
    RequestedTestimonyFactory(ambassador=ambassador, state=models.TestimonyState.CONFIRMED)
    RequestedTestimonyFactory(state=models.TestimonyState.CANCELLED, held_on=datetime.date(2019, 6, 4))
    assert _figures() == before
    RequestedTestimonyFactory(ambassador=ambassador, state=GIVEN, held_on=datetime.date(2019, 6, 4))
    assert _moved(before, _figures()) == [0, 0, 0, 0, 1, 1, 0, 0]


def test_a_support_contact_moves_the_contacts_and_a_new_association_the_associations():
    contact = SupportContactFactory()
    before = _figures()
    SupportContactFactory(association=contact.association, held_on=datetime.date(2019, 9, 1))
    assert _moved(before, _figures()) == [0, 0, 0, 0, 0, 0, 1, 0]
    SupportContactFactory(held_on=datetime.date(2018, 12, 31))
    assert _moved(before, _figures()) == [0, 0, 0, 0, 0, 0, 1, 0]
    SupportContactFactory()
    assert _moved(before, _figures()) == [0, 0, 0, 0, 0, 0, 2, 1]

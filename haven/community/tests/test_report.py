"""The community table of the annual report, counted from records in one statement: the
demo builder reproduces the seed's 2019 figures exactly, and one record changed moves
exactly its figure."""

import datetime
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from faker import Faker

from haven.community.models import CultureEdition, Duo, Group, MatchProposal, Meeting, Participant, Programme
from haven.community.report import ROW_LABELS, community
from haven.community.tests.factories import (
    BuddyFactory,
    CultureEditionFactory,
    CultureHouseFactory,
    DuoFactory,
    GroupFactory,
    InfoEveningFactory,
    ParticipantFactory,
    TandemParticipantFactory,
)
from haven.core.models import District
from haven.demo.community import COUNTRIES, CommunityBuilder
from haven.demo.figures import seed_report
from haven.demo.population import NumberFactory
from haven.people.models import Person
from haven.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
KEYS = list(ROW_LABELS)


def _figures(year: int = 2019) -> list:
    return [value for _label, value in community(year).rows]


def _moved(before: list, after: list) -> dict:
    return {KEYS[index]: b - a for index, (a, b) in enumerate(zip(before, after, strict=True)) if a != b}


def test_the_table_counts_each_row_from_records():
    group = GroupFactory(starts_on=datetime.date(2019, 3, 1))
    GroupFactory(starts_on=datetime.date(2018, 9, 1))
    syrian = PersonFactory(sex="M", nationality="SY")
    DuoFactory(participant=ParticipantFactory(person=syrian, group=group), buddy=BuddyFactory(person__sex="F"))
    DuoFactory(participant__group=group, participant__person__sex="F", participant__person__nationality="ER")
    TandemParticipantFactory(registered_on=datetime.date(2019, 4, 1))
    DuoFactory(participant=TandemParticipantFactory(registered_on=datetime.date(2018, 12, 1)))
    edition = CultureEditionFactory(year=2019)
    edition.houses.set(CultureHouseFactory.create_batch(3))
    InfoEveningFactory(edition=edition, attendance=40)
    InfoEveningFactory(edition=edition, attendance=7, held_on=datetime.date(2019, 11, 5))
    assert _figures() == [1, 1, 3, 47, 2, 1, 1, 1, 2, 0, 2]


def test_the_section_counts_its_figures_in_one_statement():
    DuoFactory()
    community(2019)  # the statement compiled once per process and year
    with CaptureQueriesContext(connection) as queries:
        community(2019)
    assert len(queries) == 1


def test_a_duo_started_moves_the_duos_and_its_people_and_country():
    group = GroupFactory()
    DuoFactory(participant__group=group)  # a Syrian woman and a Belgian woman
    before = _figures()
    DuoFactory(
        participant__group=group,
        participant__person__sex="M",
        participant__person__nationality="AF",
        buddy__person__sex="M",
    )
    assert _moved(before, _figures()) == {
        ("sg_duos", ""): 1,
        ("sg_newcomers", "M"): 1,
        ("sg_countries", ""): 1,
        ("sg_buddies", "M"): 1,
    }


def test_a_second_duo_of_the_same_people_counts_them_once():
    first = DuoFactory(ended_on=datetime.date(2019, 4, 1), end_reason="no_click")
    before = _figures()
    later = GroupFactory(starts_on=datetime.date(2020, 1, 6), closes_on=None)
    again = ParticipantFactory(person=first.participant.person, group=later)
    DuoFactory(participant=again, buddy=first.buddy, started_on=datetime.date(2019, 9, 1))
    assert _moved(before, _figures()) == {("sg_duos", ""): 1}


def test_the_start_date_decides_the_year_of_a_duo_not_its_end():
    duo = DuoFactory(
        programme=Programme.TANDEM, participant=TandemParticipantFactory(), started_on=datetime.date(2018, 12, 20)
    )
    assert _figures(2018)[1] == 1 and _figures(2019)[1] == 0
    Duo.objects.filter(pk=duo.pk).update(ended_on=datetime.date(2019, 6, 20))
    assert _figures(2019)[1] == 0


def test_a_tandem_sign_up_moves_only_the_registered():
    before = _figures()
    TandemParticipantFactory(registered_on=datetime.date(2019, 12, 31))
    assert _moved(before, _figures()) == {("tandem_registered", ""): 1}


def test_a_house_in_the_edition_and_an_evening_move_only_their_figures():
    edition = CultureEditionFactory(year=2019)
    before = _figures()
    edition.houses.add(CultureHouseFactory())
    assert _moved(before, _figures()) == {("culture_houses", ""): 1}
    before = _figures()
    InfoEveningFactory(edition=edition, attendance=1)
    assert _moved(before, _figures()) == {("culture_evening", ""): 1}
    CultureEditionFactory(year=2018).houses.add(CultureHouseFactory())
    assert _figures()[2] == 1  # the 2018 edition's house counts in 2018


def test_a_group_starting_moves_only_the_groups():
    before = _figures()
    GroupFactory(starts_on=datetime.date(2019, 10, 7), closes_on=None)
    assert _moved(before, _figures()) == {("sg_groups", ""): 1}


@pytest.fixture
def registry(db):
    """A small registry: adults of the report's 16 countries settled in 2017–2019, in bulk."""
    for name, code in (("Brugse Poort", "9000"), ("Ledeberg", "9050"), ("Sint-Amandsberg", "9040")):
        District.objects.get_or_create(name=name, defaults={"postal_codes": code})
    people = []
    for index in range(16 * 16):
        country = COUNTRIES[index % 16]
        settled = datetime.date(2017, 1, 10) + datetime.timedelta(days=(index * 11) % 1000)
        people.append(
            PersonFactory.build(
                nationality=country,
                sex="F" if index % 3 == 0 else "M",
                birth_date=datetime.date(1975, 1, 1) + datetime.timedelta(days=index * 31),
                first_registration_date=settled,
            )
        )
    Person.objects.bulk_create(people)


def test_the_demo_builder_reproduces_the_seed_table_exactly(registry, programme_staff):
    seed = seed_report()
    faker = Faker("nl_BE")
    faker.seed_instance(2019)
    rng = random.Random(2019)
    CommunityBuilder(
        rng=rng, seed_report=seed, staff={"programme_staff": programme_staff}, faker=faker, numbers=NumberFactory(rng)
    ).build()
    assert _figures() == [value for _label, value in seed["tables"]["community"]["rows"]]
    # Matched by the engine, every two weeks a meeting, a few drop-outs; a group waits today.
    assert MatchProposal.objects.filter(status="confirmed").count() == 5
    assert Meeting.objects.count() > 48 * 10
    assert (
        Duo.objects.filter(started_on__year=2019, programme="samen_gentenaar")
        .exclude(end_reason__in=["", "completed"])
        .count()
        == 4
    )
    assert MatchProposal.objects.filter(status="open").count() == 1
    assert Group.objects.filter(starts_on__gt=timezone.localdate()).count() == 1
    assert Participant.objects.filter(programme="tandem", withdrawn_on__isnull=False).exists()
    assert CultureEdition.objects.count() == 2
    assert _figures(2018)[4:6] == [27, 2]

"""Factories of the community line: groups, newcomers signed up, buddies (on a Ghentian
person without a settling date), duos, meetings, culture houses and editions, events."""

import datetime

import factory

from haven.community.models import (
    Buddy,
    CommunityEvent,
    CommunityEventKind,
    CultureEdition,
    CultureHouse,
    Duo,
    Group,
    InfoEvening,
    Meeting,
    Participant,
    Programme,
)
from haven.people.tests.factories import PersonFactory


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    name = factory.Sequence(lambda n: f"Samen Gentenaar groep {n}")
    starts_on = datetime.date(2019, 3, 1)
    closes_on = datetime.date(2019, 9, 30)


class GentenaarFactory(PersonFactory):
    """A Ghentian: in the registry, never settled as a newcomer."""

    nationality = "BE"
    first_registration_date = None


class BuddyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Buddy

    person = factory.SubFactory(GentenaarFactory)
    registered_on = datetime.date(2019, 1, 15)
    consent_given_on = datetime.date(2019, 1, 15)
    consent_text_version = "2019-1"
    samen_gentenaar = True
    tandem = True


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    person = factory.SubFactory(PersonFactory, first_registration_date=datetime.date(2018, 6, 1))
    programme = Programme.SAMEN_GENTENAAR
    group = factory.SubFactory(GroupFactory)
    registered_on = datetime.date(2019, 2, 1)


class TandemParticipantFactory(ParticipantFactory):
    programme = Programme.TANDEM
    group = None
    mother_tongue_id = "ara"


class DuoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Duo

    participant = factory.SubFactory(ParticipantFactory)
    programme = factory.LazyAttribute(lambda duo: duo.participant.programme)
    group = factory.LazyAttribute(lambda duo: duo.participant.group)
    buddy = factory.SubFactory(BuddyFactory)
    started_on = datetime.date(2019, 3, 1)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    duo = factory.SubFactory(DuoFactory)
    held_on = datetime.date(2019, 3, 15)


class CultureHouseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CultureHouse

    name = factory.Sequence(lambda n: f"Cultuurhuis {n}")


class CultureEditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CultureEdition

    year = 2019
    name = "Samen naar cultuur 2019"


class InfoEveningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InfoEvening

    edition = factory.SubFactory(CultureEditionFactory)
    held_on = datetime.date(2019, 10, 3)
    place = "De Centrale"
    attendance = 40


class CommunityEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunityEvent

    kind = CommunityEventKind.OPEN_BAR
    name = "OPEN-BAR"
    held_on = datetime.date(2019, 5, 9)
    place = "Gent"
    attendance = 30

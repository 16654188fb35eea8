"""Each selector runs one query, whatever the number of rows."""

import pytest

from haven.community import selectors
from haven.community.tests.factories import (
    CommunityEventFactory,
    CultureEditionFactory,
    DuoFactory,
    InfoEveningFactory,
    MeetingFactory,
)

pytestmark = pytest.mark.django_db


def test_every_list_is_one_query(django_assert_num_queries):
    duos = DuoFactory.create_batch(3)
    MeetingFactory(duo=duos[0])
    InfoEveningFactory(edition=CultureEditionFactory())
    CommunityEventFactory()
    reads = [
        lambda: [g.duo_count for g in selectors.groups()],
        lambda: [
            (p.person.family_name, p.group.name if p.group else "") for p in selectors.participants(status="matched")
        ],
        lambda: [p.person_id for p in selectors.participants(status="waiting")],
        lambda: [(b.person.family_name, b.in_duo) for b in selectors.buddies()],
        lambda: [
            (d.participant.person.family_name, d.buddy.person.family_name, d.held_count) for d in selectors.duos()
        ],
        lambda: list(selectors.meetings(duos[0].pk)),
        lambda: [e.attendance for e in selectors.culture_editions()],
        lambda: [h.edition_count for h in selectors.culture_houses()],
        lambda: list(selectors.events(year=2019)),
    ]
    for read in reads:
        with django_assert_num_queries(1):
            assert read() is not None


def test_the_duo_counts_are_per_group():
    duo = DuoFactory()
    DuoFactory(participant__group=duo.group)
    [group] = [g for g in selectors.groups() if g.pk == duo.group_id]
    assert (group.duo_count, group.participant_count, group.has_waiting) == (2, 2, False)

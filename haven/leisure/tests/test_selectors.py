"""Each selector runs one query when evaluated, whatever the number of rows."""

import datetime

import pytest

from haven.leisure import selectors
from haven.leisure.tests.factories import EventFactory, EventTallyFactory, OrganisationFactory, ReferralFactory

pytestmark = pytest.mark.django_db


def test_the_referrals_run_one_query_with_their_people_and_organisations(django_assert_num_queries, child, adult):
    ReferralFactory.create_batch(3, person=adult)
    ReferralFactory(person=child, follow_up_on=datetime.date(2019, 6, 1))
    with django_assert_num_queries(1):
        rows = list(selectors.referrals())
        assert {row.organisation.name for row in rows} and {row.person.reference for row in rows}
    with django_assert_num_queries(1):
        assert [row.person_id for row in selectors.referrals(age=selectors.MINOR)] == [child.pk]
    with django_assert_num_queries(1):
        assert [row.person_id for row in selectors.referrals(due_on=datetime.date(2019, 6, 1))] == [child.pk]


def test_organisations_and_events_run_one_query_with_their_counts(django_assert_num_queries):
    organisation = OrganisationFactory()
    ReferralFactory.create_batch(2, organisation=organisation)
    event = EventFactory()
    EventTallyFactory.create_batch(3, event=event, count=10)
    with django_assert_num_queries(1):
        assert [(row.pk, row.referral_count) for row in selectors.organisations()] == [(organisation.pk, 2)]
    with django_assert_num_queries(1):
        assert [(row.counted, row.tally_count) for row in selectors.events(year=2019)] == [(30, 3)]
    with django_assert_num_queries(1):
        assert len([tally.organisation for tally in selectors.event_tallies(event.pk)]) == 3

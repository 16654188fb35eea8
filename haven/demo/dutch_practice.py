"""Demo records of the Dutch-practice line (oefenkansen), for 2018, 2019 and today.

- Conversation moments: three general moments a week (Monday, Tuesday, Thursday) since
  September 2017 and one advanced moment (Wednesday) since February 2018, with sessions
  every week of 2018 and 2019 except the Christmas weeks and the summer break, and the
  last weeks up to today. A general session has 2–4 volunteers and 20–30 participants, the
  advanced one its two volunteers and 5–10. The 2019 figures are the seed's: exactly
  ``volunteers`` distinct volunteers at general sessions (16 who lead since 2017, two who
  joined in 2019; three others stopped at the end of 2018) and 3 weekly moments; the two
  advanced volunteers lead only the advanced moment. Volunteers are persons registered
  through the registry's service (traced, a national number) without a settling date, so the
  newcomers tables do not move; a few sessions name participants (the demo's newcomers).
  Every session is checked by the service's rules (``moments.session_check``) and written
  in bulk.
- The newsletter: subscribers confirmed in 2018 and 2019, some unsubscribed since, some
  never confirmed, a few confirmed only in January 2020, so that the end-2019 count (the
  seed's 454) is a computation over the dates; written in bulk.
- The Trefdag Nederlands oefenen on 16 May 2019 (the first one) with the seed's 10
  workshops and about 100 participants.
- The directory: about 45 practice opportunities across the districts, most published,
  some withdrawn or expired, through the service (organisations only, no person).
"""

import random
from datetime import date, time, timedelta
from decimal import Decimal

from django.utils import timezone

from haven.core.models import AccessPurpose, District
from haven.demo.population import NumberFactory
from haven.dutch_practice.models import (
    ConversationSeries,
    ConversationSession,
    PracticeLevel,
    SeriesLevel,
    Subscriber,
    Volunteer,
)
from haven.dutch_practice.services import directory, moments, newsletter, practice_days
from haven.people.models import Person, Sex
from haven.people.services import person_create

SERIES = [
    ("Conversatiemoment maandag", 0, time(13, 30), time(15, 30), SeriesLevel.GENERAL, date(2017, 9, 4)),
    ("Conversatiemoment dinsdag", 1, time(18, 30), time(20, 30), SeriesLevel.GENERAL, date(2017, 9, 5)),
    ("Conversatiemoment donderdag", 3, time(9, 30), time(11, 30), SeriesLevel.GENERAL, date(2017, 9, 7)),
    ("Oefenmoment gevorderden", 2, time(18, 30), time(20, 0), SeriesLevel.ADVANCED, date(2018, 2, 7)),
]
PLACE = "IN-Gent, Kongostraat 42, Gent"
LONG_TERM = 16  # general volunteers since 2017, still active
LEFT_2018 = 3  # general volunteers who stopped at the end of 2018
ADVANCED = 2
RECENT_WEEKS = 8
SUBSCRIBERS_2018 = 372
UNSUBSCRIBED = {2018: 21, 2019: 26}  # of those confirmed before, unsubscribed in the year
PENDING = 17  # subscribed, never confirmed
CONFIRMED_2020 = 4  # subscribed at the end of 2019, confirmed in January 2020
TREFDAG_DAY = date(2019, 5, 16)
WORKSHOPS = [
    ("Oefenkansen in de buurt: hoe begin je eraan?", "IN-Gent vzw"),
    ("Laagdrempelig taalgebruik voor begeleiders", "Huis van het Nederlands Gent"),
    ("Taalvriendelijk spreken in de klas", "Onderwijscentrum Stad Gent"),
    ("Oefenen op de werkvloer", "VDAB Gent"),
    ("Spelenderwijs Nederlands oefenen", "Bibliotheek De Krook"),
    ("Vrijwilligers werven en begeleiden", "Vrijwilligerspunt Gent"),
    ("Tuupe veur Taal: oefenen in de wijk", "Stad Gent, Dienst Welzijn en Gelijke Kansen"),
    ("Ouders betrekken bij taal op school", "Onderwijscentrum Stad Gent"),
    ("De zelftest voor organisatoren", "IN-Gent vzw"),
    ("Digitale oefenkansen", "Huis van het Nederlands Gent"),
]
KINDS = [
    ("Praattafel", "Buurtcentrum {}", "Iedereen die Nederlands leert"),
    ("Taalwandeling", "Wijkgezondheidscentrum {}", "Anderstalige nieuwkomers"),
    ("Leesclub makkelijk lezen", "Bibliotheek {}", "Cursisten NT2 vanaf niveau 1.2"),
    ("Taalcafé", "Buurtwerk {} vzw", "Volwassenen"),
    ("Kookatelier in het Nederlands", "Buurtrestaurant {} vzw", "Ouders en buurtbewoners"),
    ("Moestuin en babbel", "Samentuin {}", "Iedereen"),
    ("Oefenen met de computer", "Digipunt {}", "Cursisten NT2"),
]
OPPORTUNITIES = 45


class DutchPracticeBuilder:
    def __init__(
        self, *, rng: random.Random, seed_report: dict, staff: dict, faker, numbers: NumberFactory, stdout=None
    ):
        self.rng = rng
        rows = [value for _label, value in seed_report["tables"]["dutch_practice"]["rows"]]
        self.volunteers_2019, self.moments, self.subscribers, self.workshops, self.participants = rows
        if self.moments != sum(1 for row in SERIES if row[4] == SeriesLevel.GENERAL):
            raise ValueError(f"The seed has {self.moments} weekly moments; the demo plans another number.")
        if self.workshops != len(WORKSHOPS):
            raise ValueError(f"The seed has {self.workshops} Trefdag workshops, the demo names {len(WORKSHOPS)}.")
        self.by = staff["programme_staff"]
        self.faker = faker
        self.numbers = numbers
        self.stdout = stdout
        self.today = timezone.localdate()
        self.subscriber_number = 0

    def build(self, people: list[Person]) -> None:
        series = [
            moments.series_create(
                values={
                    "title": title,
                    "weekday": weekday,
                    "starts_at": starts,
                    "ends_at": ends,
                    "place": PLACE,
                    "level": level,
                    "active_from": since,
                },
                by=self.by,
            )
            for title, weekday, starts, ends, level, since in SERIES
        ]
        general, advanced = self.volunteers_create()
        participants = [person for person in people if person.first_registration_date][:400]
        self.sessions_create(series, general, advanced, participants)
        self.subscribers_create()
        self.trefdag_create()
        self.opportunities_create()
        if self.stdout:
            self.stdout.write(
                f"Dutch practice: {ConversationSession.objects.count()} sessions, "
                f"{Subscriber.objects.count()} subscriptions, {OPPORTUNITIES} practice opportunities."
            )

    # --- volunteers ------------------------------------------------------------------

    def _person(self) -> Person:
        sex = self.rng.choice([Sex.FEMALE, Sex.FEMALE, Sex.MALE])
        born = date(self.rng.randint(1948, 1996), self.rng.randint(1, 12), self.rng.randint(1, 28))
        return person_create(
            by=self.by,
            values={
                "given_names": self.faker.first_name_female() if sex == Sex.FEMALE else self.faker.first_name_male(),
                "family_name": self.faker.last_name(),
                "birth_date": born,
                "sex": sex,
                "national_number": self.numbers.make(born, sex, "nn"),
                "nationality": "BE",
            },
            purpose=AccessPurpose.PROGRAMME,
            allow_similar=True,
        )

    def _volunteer(self, since: date, until: date | None = None) -> Volunteer:
        return moments.volunteer_create(
            person=self._person(),
            values={
                "active_from": since,
                "active_until": until,
                "consent_given_on": since,
                "consent_text_version": "2017-1" if since.year == 2017 else f"{since.year}-1",
                "consent_withdrawn_on": until + timedelta(days=1) if until else None,
            },
            by=self.by,
        )

    def volunteers_create(self) -> tuple[list[Volunteer], list[Volunteer]]:
        """The general volunteers (long-term, left in 2018, joined in 2019 and recently)
        and the two of the advanced moment."""
        joined_2019 = self.volunteers_2019 - LONG_TERM
        general = [self._volunteer(date(2017, 9, 1)) for _index in range(LONG_TERM)]
        general += [self._volunteer(date(2017, 9, 1), date(2018, 12, 21)) for _index in range(LEFT_2018)]
        general += [self._volunteer(date(2019, 2 + 6 * index, 1)) for index in range(joined_2019)]
        general.append(self._volunteer(self.today - timedelta(days=3 * 7 * RECENT_WEEKS)))  # joined lately
        advanced = [self._volunteer(date(2018, 2, 1)) for _index in range(ADVANCED)]
        return general, advanced

    # --- sessions --------------------------------------------------------------------

    @staticmethod
    def _held(day: date) -> bool:
        """No sessions in the Christmas weeks and the summer break (July to mid-August)."""
        christmas = (day.month == 12 and day.day >= 22) or (day.month == 1 and day.day <= 4)
        return not christmas and not (day.month == 7 or (day.month == 8 and day.day < 16))

    def _days(self, series: ConversationSeries) -> list[date]:
        days: list[date] = []
        for start, end in (
            (date(2018, 1, 1), date(2019, 12, 31)),
            (self.today - timedelta(weeks=RECENT_WEEKS), self.today),
        ):
            day = start + timedelta(days=(series.weekday - start.weekday()) % 7)
            while day <= end:
                if series.active_on(day) and self._held(day) and (not days or day > days[-1]):
                    days.append(day)
                day += timedelta(days=7)
        return days

    def sessions_create(self, series, general, advanced, participants) -> None:
        sessions, present, named = [], [], []
        for moment in series:
            for day in self._days(moment):
                if moment.level == SeriesLevel.ADVANCED:
                    team, count = advanced, self.rng.randint(5, 10)
                else:
                    pool = [volunteer for volunteer in general if volunteer.active_on(day)]
                    team, count = (
                        self.rng.sample(pool, min(len(pool), self.rng.randint(2, 4))),
                        self.rng.randint(20, 30),
                    )
                moments.session_check(moment, day, team, count, today=self.today)
                sessions.append(
                    ConversationSession(series=moment, held_on=day, participant_count=count, logged_by=self.by)
                )
                present.append(team)
                guests = [person for person in participants if person.first_registration_date <= day]
                named.append(self.rng.sample(guests, 2) if len(guests) > 2 and self.rng.random() < 0.08 else [])
        ConversationSession.objects.bulk_create(sessions, batch_size=500)
        through = ConversationSession.volunteers.through
        through.objects.bulk_create(
            [
                through(conversationsession_id=session.pk, volunteer_id=volunteer.pk)
                for session, team in zip(sessions, present, strict=True)
                for volunteer in team
            ],
            batch_size=1000,
        )
        guests_through = ConversationSession.participants.through
        guests_through.objects.bulk_create(
            [
                guests_through(conversationsession_id=session.pk, person_id=person.pk)
                for session, people in zip(sessions, named, strict=True)
                for person in people
            ],
            batch_size=1000,
        )
        self._check_volunteers(sessions, present)

    def _check_volunteers(self, sessions, present) -> None:
        seen = {
            volunteer.pk
            for session, team in zip(sessions, present, strict=True)
            if session.held_on.year == 2019 and session.series.level == SeriesLevel.GENERAL
            for volunteer in team
        }
        if len(seen) != self.volunteers_2019:
            raise ValueError(
                f"{len(seen)} volunteers at general sessions in 2019, the seed has {self.volunteers_2019}."
            )

    # --- the newsletter ----------------------------------------------------------------

    def _subscriber(self, subscribed: date, confirmed: date | None, ended: date | None) -> Subscriber:
        self.subscriber_number += 1
        index = self.subscriber_number
        name = self.faker.first_name() if self.rng.random() < 0.6 else ""
        return Subscriber(
            email=f"lezer{index:04d}@demo.haven.invalid",
            name=name,
            language="nl" if self.rng.random() < 0.8 else "en",
            subscribed_on=subscribed,
            confirmed_on=confirmed,
            unsubscribed_on=ended,
            consent_text_version="2017-1" if subscribed.year < 2019 else "2019-1",
        )

    def _date_in(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randrange((end - start).days + 1))

    def subscribers_create(self) -> None:
        """Confirmed in 2018 (some unsubscribed in 2018 or 2019), confirmed in 2019 up to the
        seed's end-2019 count, a few unsubscribed the same year, some never confirmed, a few
        confirmed only in 2020, and some of today."""
        rows: list[Subscriber] = []
        for index in range(SUBSCRIBERS_2018):
            subscribed = self._date_in(date(2018, 1, 2), date(2018, 12, 20))
            ended = None
            if index < UNSUBSCRIBED[2018]:
                ended = self._date_in(subscribed + timedelta(days=5), date(2018, 12, 31))
            elif index < UNSUBSCRIBED[2018] + UNSUBSCRIBED[2019]:
                ended = self._date_in(date(2019, 1, 1), date(2019, 12, 31))
            rows.append(self._subscriber(subscribed, subscribed + timedelta(days=self.rng.randint(0, 3)), ended))
        kept = SUBSCRIBERS_2018 - UNSUBSCRIBED[2018] - UNSUBSCRIBED[2019]
        churned_2019 = 9
        for offset in range(self.subscribers - kept + churned_2019):
            subscribed = self._date_in(date(2019, 1, 2), date(2019, 12, 24))
            confirmed = min(subscribed + timedelta(days=self.rng.randint(0, 3)), date(2019, 12, 31))
            ended = self._date_in(confirmed + timedelta(days=1), date(2019, 12, 31)) if offset < churned_2019 else None
            if ended and ended <= confirmed:
                ended = None
            rows.append(self._subscriber(subscribed, confirmed, ended))
        rows += [
            self._subscriber(self._date_in(date(2019, 2, 1), date(2019, 12, 30)), None, None) for _ in range(PENDING)
        ]
        rows += [
            self._subscriber(date(2019, 12, 29), date(2020, 1, 2 + index), None) for index in range(CONFIRMED_2020)
        ]
        recent = self.today - timedelta(days=60)
        rows += [self._subscriber(self._date_in(recent, self.today), self.today, None) for _ in range(12)]
        Subscriber.objects.bulk_create(rows, batch_size=500)
        counted = newsletter.subscribed_on(date(2019, 12, 31)).count()
        if counted != self.subscribers:
            raise ValueError(f"{counted} subscribers at the end of 2019, the seed has {self.subscribers}.")

    # --- the Trefdag and the directory ----------------------------------------------------

    def trefdag_create(self) -> None:
        day = practice_days.practice_day_create(
            values={
                "title": "Trefdag Nederlands oefenen",
                "held_on": TREFDAG_DAY,
                "organised_with": "Stad Gent, Dienst Welzijn en Gelijke Kansen; Onderwijscentrum Stad Gent",
                "location": "De Centrale, Gent",
                "participants": self.participants,
            },
            by=self.by,
        )
        for title, facilitator in WORKSHOPS:
            practice_days.workshop_set(
                day=day, title=title, facilitator=facilitator, participants=self.rng.randint(8, 22), by=self.by
            )

    def opportunities_create(self) -> None:
        districts = list(District.objects.order_by("name"))
        levels = [value for value, _label in PracticeLevel.choices]
        for index in range(OPPORTUNITIES):
            title, organiser, target = KINDS[index % len(KINDS)]
            district = districts[index % len(districts)] if districts else None
            place = district.name if district else self.faker.city()
            start = self.rng.choice([time(9, 30), time(13, 30), time(14, 0), time(18, 30), time(19, 0)])
            days = "".join(sorted(self.rng.sample("0123456", self.rng.choice([1, 1, 1, 2]))))
            expired = index % 15 == 14
            directory.opportunity_create(
                values={
                    "title": f"{title} {place}",
                    "organiser": organiser.format(place),
                    "description": self.faker.sentence(nb_words=14),
                    "district": district,
                    "address": f"{self.faker.street_name()} {self.rng.randint(1, 180)}, Gent",
                    "weekdays": days,
                    "starts_at": start,
                    "ends_at": time(start.hour + 2, start.minute),
                    "level": self.rng.choice(levels),
                    "price": Decimal(0) if self.rng.random() < 0.7 else Decimal(self.rng.choice([2, 3, 5, 10])),
                    "target_group": target,
                    "contact_email": f"info{index}@{_slug(organiser.format(place))}.demo.haven.invalid",
                    "contact_phone": f"09 {self.rng.randint(200, 399)} {self.rng.randint(10, 99)} {self.rng.randint(10, 99)}",
                    "published": index % 9 != 8,
                    "valid_until": self.today - timedelta(days=30)
                    if expired
                    else self.today + timedelta(days=self.rng.randint(60, 300)),
                },
                by=self.by,
            )


def _slug(name: str) -> str:
    return "".join(character for character in name.lower() if character.isalnum())[:24]

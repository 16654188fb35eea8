"""The lists of countries the rules use, dated: membership is a fact of the day the
question is asked, not of today.

A British citizen who settled in 2019 was an EU citizen then and is exempt from the
obligation under rule set "2016-2022"; one who settles in 2021 is not. Each list is a
tuple of :class:`Membership` periods (first and last day, both included) with the act
that starts or ends it, so a change (an accession, a withdrawal) is one new line here
and every question before it keeps its answer.

Sources (OJ = Official Journal of the European Union / of the European Communities):

* EU: the founding treaty and each Act of Accession (dates of entry into force below);
  the United Kingdom's withdrawal: Agreement on the withdrawal of the United Kingdom of
  Great Britain and Northern Ireland from the European Union and the European Atomic
  Energy Community, OJ L 29, 31.1.2020, p. 7 — a member state until 31 January 2020,
  then, for Union law on the free movement of persons, treated as one during the
  transition period up to and including 31 December 2020 (articles 126 and 127).
* EEA: Agreement on the European Economic Area, OJ L 1, 3.1.1994, p. 3 (in force
  1 January 1994 for Iceland, Norway and, until they joined the EU, Austria, Finland and
  Sweden); Liechtenstein from 1 May 1995, Decision of the EEA Council No 1/95 of 10 March
  1995, OJ L 86, 20.4.1995, p. 58.
* Switzerland: Agreement between the European Community and its Member States and the
  Swiss Confederation on the free movement of persons, OJ L 114, 30.4.2002, p. 6, in
  force 1 June 2002.

Countries are ISO 3166-1 alpha-2 codes (Greece is "GR"; the EU itself writes "EL").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

BELGIUM = "BE"


@dataclass(frozen=True)
class Membership:
    """A country on a list from ``since`` up to and including ``until`` (None: still)."""

    country: str
    since: date
    until: date | None
    source: str

    def holds_on(self, day: date) -> bool:
        return self.since <= day and (self.until is None or day <= self.until)


@dataclass(frozen=True)
class DatedCountries:
    """A list of countries that changes over time."""

    name: str
    memberships: tuple[Membership, ...]

    def on(self, day: date) -> frozenset[str]:
        """The countries on the list on ``day``."""
        return frozenset(membership.country for membership in self.memberships if membership.holds_on(day))

    def holds(self, country: str, day: date) -> bool:
        """Is ``country`` on the list on ``day``."""
        return any(membership.country == country and membership.holds_on(day) for membership in self.memberships)

    def changes(self) -> tuple[date, ...]:
        """The days on which the list is different from the day before, in order."""
        days = {membership.since for membership in self.memberships}
        days |= {membership.until + timedelta(days=1) for membership in self.memberships if membership.until}
        return tuple(sorted(day for day in days if self.on(day) != self.on(day - timedelta(days=1))))

    def __add__(self, other: DatedCountries) -> DatedCountries:
        return DatedCountries(f"{self.name}, {other.name}", self.memberships + other.memberships)


def _members(countries: str, since: date, until: date | None, source: str) -> tuple[Membership, ...]:
    return tuple(Membership(country, since, until, source) for country in countries.split())


_ROME = "Treaty establishing the European Economic Community (Rome, 25 March 1957), in force 1 January 1958"
_ACCESSION_1973 = "Act of Accession of Denmark, Ireland and the United Kingdom, OJ L 73, 27.3.1972"
_ACCESSION_1981 = "Act of Accession of Greece, OJ L 291, 19.11.1979"
_ACCESSION_1986 = "Act of Accession of Spain and Portugal, OJ L 302, 15.11.1985"
_ACCESSION_1995 = "Act of Accession of Austria, Finland and Sweden, OJ C 241, 29.8.1994"
_ACCESSION_2004 = "Act of Accession of the ten states of 2004, OJ L 236, 23.9.2003"
_ACCESSION_2007 = "Act of Accession of Bulgaria and Romania, OJ L 157, 21.6.2005"
_ACCESSION_2013 = "Act of Accession of Croatia, OJ L 112, 24.4.2012"
_WITHDRAWAL_UK = "Withdrawal Agreement, OJ L 29, 31.1.2020, p. 7 (the United Kingdom left on 31 January 2020)"
_TRANSITION_UK = (
    "Withdrawal Agreement, OJ L 29, 31.1.2020, p. 7, articles 126-127: during the transition period "
    "(to 31 December 2020) the United Kingdom counts as a member state for the free movement of persons"
)
_EEA = "Agreement on the European Economic Area, OJ L 1, 3.1.1994, p. 3, in force 1 January 1994"
_EEA_LIECHTENSTEIN = "Decision of the EEA Council No 1/95, OJ L 86, 20.4.1995, p. 58, in force 1 May 1995"
_SWISS_AFMP = "EC-Switzerland Agreement on the free movement of persons, OJ L 114, 30.4.2002, p. 6"

#: The member states of the European Union (and before 1993 of the Communities).
EU_MEMBER_STATES = DatedCountries(
    "EU member states",
    (
        *_members("BE DE FR IT LU NL", date(1958, 1, 1), None, _ROME),
        *_members("DK IE", date(1973, 1, 1), None, _ACCESSION_1973),
        Membership("GB", date(1973, 1, 1), date(2020, 1, 31), f"{_ACCESSION_1973}; {_WITHDRAWAL_UK}"),
        *_members("GR", date(1981, 1, 1), None, _ACCESSION_1981),
        *_members("ES PT", date(1986, 1, 1), None, _ACCESSION_1986),
        *_members("AT FI SE", date(1995, 1, 1), None, _ACCESSION_1995),
        *_members("CY CZ EE HU LT LV MT PL SI SK", date(2004, 5, 1), None, _ACCESSION_2004),
        *_members("BG RO", date(2007, 1, 1), None, _ACCESSION_2007),
        *_members("HR", date(2013, 7, 1), None, _ACCESSION_2013),
    ),
)

#: The United Kingdom in the transition period after its withdrawal.
EU_TRANSITION = DatedCountries(
    "EU transition period", (Membership("GB", date(2020, 2, 1), date(2020, 12, 31), _TRANSITION_UK),)
)

#: The EEA states that are not EU member states (Austria, Finland and Sweden were for 1994).
EEA_EFTA_STATES = DatedCountries(
    "EEA states outside the EU",
    (
        *_members("IS NO", date(1994, 1, 1), None, _EEA),
        *_members("AT FI SE", date(1994, 1, 1), date(1994, 12, 31), f"{_EEA}; until their EU accession"),
        Membership("LI", date(1995, 5, 1), None, _EEA_LIECHTENSTEIN),
    ),
)

#: Switzerland, under its agreement on the free movement of persons.
SWITZERLAND = DatedCountries("Switzerland", (Membership("CH", date(2002, 6, 1), None, _SWISS_AFMP),))

#: Whose citizens move freely in the Union: the exemption "citizen of an EU or EEA state or
#: of Switzerland" of the target-group rules.
FREE_MOVEMENT = EU_MEMBER_STATES + EU_TRANSITION + EEA_EFTA_STATES + SWITZERLAND


def eu_eea_swiss_citizen(country: str, day: date) -> bool:
    """Is a citizen of ``country`` an EU/EEA/Swiss citizen for the rules on ``day``: a
    citizen of another state of the list that day (a Belgian is not one: Belgians have
    their own rules)."""
    return country != BELGIUM and FREE_MOVEMENT.holds(country, day)


def eu_eea_swiss_on(day: date) -> frozenset[str]:
    """The countries whose citizens are EU/EEA/Swiss citizens for the rules on ``day``."""
    return FREE_MOVEMENT.on(day) - {BELGIUM}

"""The input of the rules: what is known about a person, and the question asked.

Every fact is optional: ``None`` means "not known (yet)". The rules then decide as far as
the known facts allow and name the unknown facts the decision still depends on.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .countries import BELGIUM


class Status(StrEnum):
    """The target-group status (doelgroepstatus)."""

    OBLIGATED = "verplicht"
    ENTITLED = "rechthebbend"
    UNDETERMINED = "onbepaald"
    NOT_ELIGIBLE = "niet in aanmerking"


class Register(StrEnum):
    """The population register the person is entered in."""

    NATIONAL = "national"  # rijksregister: Belgians and foreigners with unlimited stay
    FOREIGNERS = "foreigners"  # vreemdelingenregister
    WAITING = "waiting"  # wachtregister: asylum seekers
    NONE = "none"  # in no register (a tourist, a diplomat, no legal stay)


class ResidenceTitle(StrEnum):
    """The kind of the person's current residence title."""

    BELGIAN = "belgian"  # no title: the person is a Belgian
    UNLIMITED = "unlimited"  # unlimited stay (B, C, D, F+, L cards...)
    LIMITED = "limited"  # limited stay, not for a temporary purpose (A card...)
    TEMPORARY_PURPOSE = "temporary_purpose"  # stay for a temporary purpose, at most one year
    INTRA_CORPORATE = "intra_corporate"  # intra-corporate transferee (ICT card)
    ASYLUM_SEEKER = "asylum_seeker"  # applicant for international protection
    SPECIAL_ID = "special_id"  # special identity card C/D: diplomats, staff of institutions
    NONE = "none"  # no legal stay


class Region(StrEnum):
    """The region of the municipality that asks."""

    FLANDERS = "flanders"
    BRUSSELS = "brussels"
    WALLONIA = "wallonia"


# Who is an EU/EEA/Swiss citizen depends on the day asked: see :mod:`.countries`.

_COUNTRY_CODE = re.compile(r"[A-Z]{2}")


class InconsistentFacts(ValueError):
    """The facts contradict each other (e.g. a Belgian with a foreigner's residence title)."""


@dataclass(frozen=True)
class Facts:
    """What is known about the person; every field is optional (None = not known).

    Strings are accepted for the enumerations (``register="national"``) and the nationality
    is upper-cased, so values read from a database or a form can be passed as they are.
    """

    birth_date: date | None = None
    nationality: str | None = None  # ISO 3166-1 alpha-2, "BE" for Belgians
    eu_family_member: bool | None = None  # family member of an EU/EEA/Swiss citizen
    register: Register | None = None
    residence_title: ResidenceTitle | None = None
    residence_title_months: int | None = None  # duration of the current title, whole months
    first_residence_title: bool | None = None  # the first residence title of > 3 months
    asylum_procedure_start: date | None = None
    born_abroad: bool | None = None
    parent_born_abroad: bool | None = None  # at least one parent born abroad
    first_registration_belgium: date | None = None
    first_registration_municipality: date | None = None  # in this (Flemish) municipality
    moved_from_elsewhere_in_belgium: bool | None = None  # came from Brussels/Wallonia
    serious_illness_certificate: bool | None = None  # illness/disability, medical certificate
    belgian_or_dutch_diploma: bool | None = None
    earlier_integration_certificate: bool | None = None

    def __post_init__(self) -> None:
        if self.nationality is not None:
            nationality = self.nationality.strip().upper()
            if not _COUNTRY_CODE.fullmatch(nationality):
                raise ValueError(f"nationality must be an ISO 3166 alpha-2 code, not {self.nationality!r}")
            object.__setattr__(self, "nationality", nationality)
        if self.register is not None:
            object.__setattr__(self, "register", Register(self.register))
        if self.residence_title is not None:
            object.__setattr__(self, "residence_title", ResidenceTitle(self.residence_title))
        if self.residence_title_months is not None and self.residence_title_months < 0:
            raise ValueError("residence_title_months cannot be negative")
        title = self.residence_title
        if (
            self.nationality is not None
            and title is not None
            and (self.nationality == BELGIUM) != (title is ResidenceTitle.BELGIAN)
        ):
            raise InconsistentFacts(
                f"nationality {self.nationality} does not go with residence title "
                f"{title.value}: only Belgians have the title 'belgian'"
            )

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        """The names of the facts, in declaration order (the order of ``missing``)."""
        return tuple(field.name for field in dataclasses.fields(cls))


@dataclass(frozen=True)
class Question:
    """Which status does this person have, asked on this date by a municipality in this region."""

    facts: Facts
    asked_on: date
    region: Region = Region.FLANDERS

    def __post_init__(self) -> None:
        object.__setattr__(self, "region", Region(self.region))

"""The routing table of the NT2 intake, as data: a learner's profile (literacy, schooling,
aptitude, goal) → the provider, the track and the pace. The first row that applies decides.

Source
    The routing as practised in Flanders, in the routing notes of the domain reference
    (``../shared/docs/domain.md``, service line 4, "Routing as practised in Flanders"), which
    sums up the public practice of the Huizen van het Nederlands and the providers they refer
    to: the learning pace (richtgraad R1 very slow … R4 fast) follows from schooling and the
    aptitude test; learners not literate in any script go to the literacy track (Alfa NT2) of a
    centre for basic education (CBE); learners literate in another script ("anders
    gealfabetiseerd") get a short Latin-script module, then the course of their pace; slow
    learners (R1–R2) at the CBE, average and fast learners (R3–R4) at an adult-education centre
    (CVO); highly educated learners with academic or professional goals at the university
    language centre (UCT); job seekers with a work goal via VDAB.

    Choices of this table that the notes leave open, to confirm with the agency: low schooling
    is fewer than 9 years or no diploma beyond primary school; a job seeker followed up by VDAB
    goes to VDAB whatever the schooling and pace (after the literacy track or the Latin-script
    module where needed); the UCT takes a fast learner eligible for higher education (an
    upper-secondary or higher diploma) who wants Dutch to study or to work, another fast
    learner goes to a CVO at the fast pace.

Every row is tested with a profile that reaches it (``tests/test_routing_table.py``), and the
explanation of a proposal quotes its row (``haven.nt2.explanation``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .facts import Pace, ProviderKind


class Literacy(StrEnum):
    """The literacy column."""

    NONE = "none"  # reads and writes in no script
    OTHER_SCRIPT = "other_script"  # reads and writes, but not the Latin script (Arabic, Tigrinya, ...)
    LATIN = "latin"  # reads and writes the Latin script


class Schooling(StrEnum):
    """The schooling column."""

    ANY = "any"
    LOW = "low"  # fewer than 9 years of schooling, or no diploma beyond primary school
    NOT_LOW = "not_low"  # 9 years or more, beyond primary school
    HIGHER_EDUCATION = "higher_education"  # not low, with an upper-secondary or higher diploma


class Aptitude(StrEnum):
    """The aptitude column: the learning pace the aptitude test (or the intake's estimate) found."""

    ANY = "any"
    SLOW = "slow"
    REGULAR = "regular"
    FAST = "fast"


class Goal(StrEnum):
    """The goal column."""

    ANY = "any"
    WORK_VIA_VDAB = "work_via_vdab"  # a job seeker followed up by VDAB who wants a job-oriented course
    STUDY_OR_WORK = "study_or_work"  # an academic or professional goal (learning goal "study" or "work")


class Track(StrEnum):
    """What the learner follows at the provider."""

    LITERACY = "literacy"  # Alfa NT2: learning to read and write while learning Dutch
    COURSE = "course"  # the regular NT2 course, level by level
    JOB = "job"  # a job-oriented Dutch course


@dataclass(frozen=True)
class Row:
    """One row of the routing table: a profile and where it sends the learner. ``pace`` None
    is the pace of the provider's module (VDAB); ``latin_script_module`` puts a Latin-script
    module before the course."""

    number: int
    literacy: Literacy
    schooling: Schooling
    aptitude: Aptitude
    goal: Goal
    provider_kind: ProviderKind
    track: Track
    pace: Pace | None
    latin_script_module: bool = False


LATIN, OTHER, NO_SCRIPT = Literacy.LATIN, Literacy.OTHER_SCRIPT, Literacy.NONE
CBE, CVO, UCT, VDAB = ProviderKind.CBE, ProviderKind.CVO, ProviderKind.UCT, ProviderKind.VDAB

#: The routing table, in the agency's order: the first row that applies decides. Rows for a
#: learner literate in another script follow their Latin-script twin and differ only by the
#: Latin-script module first.
ROUTING_TABLE: tuple[Row, ...] = (
    Row(1, NO_SCRIPT, Schooling.ANY, Aptitude.ANY, Goal.ANY, CBE, Track.LITERACY, Pace.ALPHA),
    Row(2, LATIN, Schooling.ANY, Aptitude.ANY, Goal.WORK_VIA_VDAB, VDAB, Track.JOB, None),
    Row(3, OTHER, Schooling.ANY, Aptitude.ANY, Goal.WORK_VIA_VDAB, VDAB, Track.JOB, None, True),
    Row(4, LATIN, Schooling.LOW, Aptitude.ANY, Goal.ANY, CBE, Track.COURSE, Pace.SLOW),
    Row(5, OTHER, Schooling.LOW, Aptitude.ANY, Goal.ANY, CBE, Track.COURSE, Pace.SLOW, True),
    Row(6, LATIN, Schooling.ANY, Aptitude.SLOW, Goal.ANY, CBE, Track.COURSE, Pace.SLOW),
    Row(7, OTHER, Schooling.ANY, Aptitude.SLOW, Goal.ANY, CBE, Track.COURSE, Pace.SLOW, True),
    Row(8, LATIN, Schooling.HIGHER_EDUCATION, Aptitude.FAST, Goal.STUDY_OR_WORK, UCT, Track.COURSE, Pace.FAST),
    Row(9, OTHER, Schooling.HIGHER_EDUCATION, Aptitude.FAST, Goal.STUDY_OR_WORK, UCT, Track.COURSE, Pace.FAST, True),
    Row(10, LATIN, Schooling.NOT_LOW, Aptitude.FAST, Goal.ANY, CVO, Track.COURSE, Pace.FAST),
    Row(11, OTHER, Schooling.NOT_LOW, Aptitude.FAST, Goal.ANY, CVO, Track.COURSE, Pace.FAST, True),
    Row(12, LATIN, Schooling.NOT_LOW, Aptitude.REGULAR, Goal.ANY, CVO, Track.COURSE, Pace.REGULAR),
    Row(13, OTHER, Schooling.NOT_LOW, Aptitude.REGULAR, Goal.ANY, CVO, Track.COURSE, Pace.REGULAR, True),
)


def row_numbered(number: int) -> Row | None:
    return next((row for row in ROUTING_TABLE if row.number == number), None)

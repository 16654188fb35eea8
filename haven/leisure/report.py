"""The leisure section of the annual report ("Toeleiding naar vrije tijd").

What is counted, for a calendar year:

- *Minors referred to leisure initiatives*: distinct people with at least one referral
  (leisure activity or volunteering, whatever its outcome) whose referral date falls in
  the year and who were under 18 on that referral date;
- *Adults referred to leisure and volunteering*: the same for people 18 or older on the
  referral date. Age is taken on the referral date, so someone referred as a minor in
  March and as an adult in October counts in both rows; someone referred twice in a year
  counts once in a row.
- *Dagje Planeet Gent: pupils*: the pupils counted (the sum of the tallies per school)
  at the Dagje Planeet Gent events held in the year;
- *Participation markets*: the number of participation-market events held in the year
  (their visitors are on the events' pages, not in the table).

The date that decides the year is the referral date (``Referral.referred_on``) for the
referrals and the day of the event (``Event.held_on``) for the events; the outcome and
follow-up dates do not move a referral to another year. The four figures are counted in
one statement (``section_counts``)."""

from typing import Any

from django.db.models import Case, CharField, Count, IntegerField, QuerySet, Sum, Value, When
from django.utils.translation import gettext_lazy as _

from haven.leisure.models import Event as LeisureEvent
from haven.leisure.models import EventKind, EventTally, Referral
from haven.leisure.selectors import minor_q, with_age_group
from haven.people.models import Person
from haven.reports.registry import (
    Drill,
    Table,
    count_part,
    report_drill,
    report_section,
    report_section_counts,
    report_words,
    section_counts,
)

KEY = "leisure"
# The rows' labels: their Dutch translations are the annual report's own words (``Table.labelled``).
ROW_LABELS = {
    "minors": _("Minors referred to leisure initiatives"),
    "planeet": _("Dagje Planeet Gent: pupils"),
    "adults": _("Adults referred to leisure and volunteering"),
    "markets": _("Participation markets"),
}


def leisure_records(year: int) -> dict[str, QuerySet]:
    """The records behind each figure of the year, by the figure's name: the section counts
    them and its drill-down lists them, so the two cannot drift apart."""
    referred = with_age_group(Referral.objects.filter(referred_on__year=year))
    return {
        "minors": referred.filter(minor_q()),
        "planeet": EventTally.objects.filter(event__kind=EventKind.PLANEET, event__held_on__year=year),
        "adults": referred.exclude(minor_q()),
        "markets": LeisureEvent.objects.filter(kind=EventKind.MARKET, held_on__year=year),
    }


@report_section_counts(KEY)
def leisure_counts(year: int) -> list[QuerySet]:
    records = leisure_records(year)
    return [
        # Minors and adults in one pass over the year's referrals, grouped by the age group
        # that ``minor_q`` gives (the drill-down filters by the same condition).
        count_part(_by_age_group(year), "people", Count("person", distinct=True), by="age_group"),
        count_part(records["planeet"], "planeet", Sum("count", output_field=IntegerField())),
        count_part(records["markets"], "markets", Count("*")),
    ]


def _by_age_group(year: int) -> QuerySet:
    """The year's referrals, each with its age group ("minors" or "adults") on the referral date."""
    return with_age_group(Referral.objects.filter(referred_on__year=year)).annotate(
        age_group=Case(When(minor_q(), then=Value("minors")), default=Value("adults"), output_field=CharField())
    )


@report_section(
    KEY,
    title=_("Referral to leisure"),
    order=110,
    definition=_(
        "The people referred to a leisure activity or to volunteering, whatever came of it, counted "
        "once per row in the year of the referral date; their age on that date puts them among the "
        "minors (under 18) or the adults, so someone referred as a minor and later as an adult in the "
        "same year is in both rows. The Dagje Planeet Gent pupils are the sum of the tallies per school "
        "at the Dagje Planeet Gent events held in the year; the participation markets are the number "
        "of markets held in the year (their visitors are not counted here)."
    ),
)
def leisure(year: int) -> Table:
    """The four figures of the year (see the module's docstring for what each counts)."""
    counts = section_counts(KEY, year)
    table = Table(columns=["label", str(year)], rows=[], column_labels=[str(_("figure")), str(year)])
    table.rows = [
        [table.labelled(label, people=key != "markets"), _figure(counts, key)] for key, label in ROW_LABELS.items()
    ]
    return table


def _figure(counts: dict[tuple[str, str], int], key: str) -> int:
    if key in ("minors", "adults"):
        return counts.get(("people", key), 0) or 0
    return counts.get((key, ""), 0) or 0


@report_drill(KEY)
def leisure_drill(year: int, row: list[Any] | None, column: str) -> Drill | None:
    """The records behind a figure: the people referred in the year (each once), the
    Dagje Planeet Gent tallies (their counts summed), the participation markets."""
    names = {report_words(label): key for key, label in ROW_LABELS.items()}
    name = names.get(row[0]) if row and column == str(year) else None
    if name is None:
        return None
    records = leisure_records(year)[name]
    if name in ("minors", "adults"):
        return Drill(records=Person.objects.filter(pk__in=records.values("person")), person="pk")
    if name == "planeet":
        return Drill(records=records, person=None, total_of="count")
    return Drill(records=records, person=None)

"""The Dutch-practice section of the annual report ("Oefenkansen Nederlands").

What is counted, for a calendar year:

- *Volunteers of the conversation moments*: distinct volunteers present at at least one
  session of a *general* conversation moment held in the year (``ConversationSession.held_on``);
  the volunteers who only lead the advanced moment are not counted;
- *Conversation moments per week*: the general weekly series active at some point of the
  year: begun on or before 31 December (``active_from``) and not ended before 1 January
  (``active_until`` empty or on/after 1 January). Each series is one moment a week, so this
  is the number of weekly moments the year offered (a series replaced in the middle of the
  year by another on the same day counts twice: the report's staff avoid that by moving a
  series' hours rather than starting a new one);
- *Newsletter subscribers (end of the year)*: subscribers confirmed on or before 31 December
  (``confirmed_on``) and not unsubscribed on or before it (``unsubscribed_on``), counted from
  the dates, so that any past year can be counted again;
- *Trefdag: workshops*: the workshops of the Trefdagen held in the year (``PracticeDay.held_on``);
- *Trefdag: participants (approximately)*: the sum of the approximate participants of those
  Trefdagen (the day's own count, not the workshops').

The five figures are counted in one statement (``section_counts``)."""

import datetime
from typing import Any

from django.db.models import Count, IntegerField, Q, QuerySet, Sum
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from haven.dutch_practice.models import (
    ConversationSeries,
    ConversationSession,
    PracticeDay,
    SeriesLevel,
    Subscriber,
    Volunteer,
    Workshop,
)
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

KEY = "dutch_practice"
# The rows' labels: their Dutch translations are the annual report's own words (``Table.labelled``);
# ``{year}`` is the year counted (the report prints "eind 2019").
ROW_LABELS = {
    "volunteers": _("Volunteers of the conversation moments"),
    "moments": _("Conversation moments per week"),
    "subscribers": _("Subscribers of the newsletter Nederlands oefenen (end of {year})"),
    "workshops": _("Trefdag Nederlands oefenen: workshops"),
    "participants": _("Trefdag Nederlands oefenen: participants (approximately)"),
}


def dutch_practice_records(year: int) -> dict[str, QuerySet]:
    """The records each figure of the year is counted from, by the figure's name: the
    section counts them and its drill-down lists them, so the two cannot drift apart."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return {
        "volunteers": ConversationSession.volunteers.through.objects.filter(
            conversationsession__held_on__year=year, conversationsession__series__level=SeriesLevel.GENERAL
        ),
        "moments": ConversationSeries.objects.filter(level=SeriesLevel.GENERAL, active_from__lte=last).filter(
            Q(active_until__isnull=True) | Q(active_until__gte=first)
        ),
        "subscribers": Subscriber.objects.filter(confirmed_on__lte=last).filter(
            Q(unsubscribed_on__isnull=True) | Q(unsubscribed_on__gt=last)
        ),
        "workshops": Workshop.objects.filter(practice_day__held_on__year=year),
        "participants": PracticeDay.objects.filter(held_on__year=year),
    }


@report_section_counts(KEY)
def dutch_practice_counts(year: int) -> list[QuerySet]:
    records = dutch_practice_records(year)
    return [
        count_part(records["volunteers"], "volunteers", Count("volunteer", distinct=True)),
        count_part(records["moments"], "moments", Count("*")),
        count_part(records["subscribers"], "subscribers", Count("*")),
        count_part(records["workshops"], "workshops", Count("*")),
        count_part(records["participants"], "participants", Sum("participants", output_field=IntegerField())),
    ]


@report_section(
    KEY,
    title=_("Dutch practice opportunities"),
    order=180,
    definition=_(
        "The volunteers are the distinct volunteers present at one or more sessions of a general "
        "conversation moment held in the year (those who only lead the advanced moment are left out). "
        "The conversation moments per week are the general weekly series active on some day of the "
        "year, one moment a week each. The newsletter's subscribers are those confirmed by 31 December "
        "and not unsubscribed by then; the Trefdag figures are the workshops of the Trefdagen held in "
        "the year and the approximate participants the day itself counted."
    ),
)
def dutch_practice(year: int) -> Table:
    """The five figures of the year (see the module's docstring for what each counts)."""
    counts = section_counts(KEY, year)
    table = Table(columns=["label", str(year)], rows=[], column_labels=[str(_("figure")), str(year)])
    table.rows = [
        [
            table.labelled(format_lazy(label, year=year), people=key not in ("moments", "workshops")),
            counts.get((key, ""), 0) or 0,
        ]
        for key, label in ROW_LABELS.items()
    ]
    return table


@report_drill(KEY)
def dutch_practice_drill(year: int, row: list[Any] | None, column: str) -> Drill | None:
    """The records behind a figure: the volunteers present (each once, people), the weekly
    series, the newsletter's subscribers (addresses, not persons of the registry), the
    workshops and the Trefdagen (their approximate participants summed)."""
    names = {report_words(format_lazy(label, year=year)): key for key, label in ROW_LABELS.items()}
    name = names.get(row[0]) if row and column == str(year) else None
    if name is None:
        return None
    records = dutch_practice_records(year)[name]
    if name == "volunteers":
        return Drill(records=Volunteer.objects.filter(pk__in=records.values("volunteer")), person="person")
    if name == "participants":
        return Drill(records=records, person=None, total_of="participants")
    return Drill(records=records, person=None)

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

from django.db.models import Count, IntegerField, Q, QuerySet, Sum
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from haven.dutch_practice.models import (
    ConversationSeries,
    ConversationSession,
    PracticeDay,
    SeriesLevel,
    Subscriber,
    Workshop,
)
from haven.reports.registry import Table, count_part, report_section, report_section_counts, section_counts

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


@report_section_counts(KEY)
def dutch_practice_counts(year: int) -> list[QuerySet]:
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    present = ConversationSession.volunteers.through.objects.filter(
        conversationsession__held_on__year=year, conversationsession__series__level=SeriesLevel.GENERAL
    )
    return [
        count_part(present, "volunteers", Count("volunteer", distinct=True)),
        count_part(
            ConversationSeries.objects.filter(level=SeriesLevel.GENERAL, active_from__lte=last).filter(
                Q(active_until__isnull=True) | Q(active_until__gte=first)
            ),
            "moments",
            Count("*"),
        ),
        count_part(
            Subscriber.objects.filter(confirmed_on__lte=last).filter(
                Q(unsubscribed_on__isnull=True) | Q(unsubscribed_on__gt=last)
            ),
            "subscribers",
            Count("*"),
        ),
        count_part(Workshop.objects.filter(practice_day__held_on__year=year), "workshops", Count("*")),
        count_part(
            PracticeDay.objects.filter(held_on__year=year),
            "participants",
            Sum("participants", output_field=IntegerField()),
        ),
    ]


@report_section(KEY, title=_("Dutch practice opportunities"), order=140)
def dutch_practice(year: int) -> Table:
    """The five figures of the year (see the module's docstring for what each counts)."""
    counts = section_counts(KEY, year)
    table = Table(columns=["label", str(year)], rows=[], column_labels=[str(_("figure")), str(year)])
    table.rows = [
        [table.labelled(format_lazy(label, year=year)), counts.get((key, ""), 0) or 0]
        for key, label in ROW_LABELS.items()
    ]
    return table

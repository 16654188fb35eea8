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

from django.db.models import Count, IntegerField, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from haven.leisure.models import Event as LeisureEvent
from haven.leisure.models import EventKind, EventTally, Referral
from haven.leisure.selectors import minor_q, with_age_group
from haven.reports.registry import Table, count_part, report_section, report_section_counts, section_counts

KEY = "leisure"
# The rows' labels: their Dutch translations are the annual report's own words (``Table.labelled``).
ROW_LABELS = {
    "minors": _("Minors referred to leisure initiatives"),
    "planeet": _("Dagje Planeet Gent: pupils"),
    "adults": _("Adults referred to leisure and volunteering"),
    "markets": _("Participation markets"),
}


@report_section_counts(KEY)
def leisure_counts(year: int) -> list[QuerySet]:
    referred = with_age_group(Referral.objects.filter(referred_on__year=year))
    return [
        count_part(referred.filter(minor_q()), "minors", Count("person", distinct=True)),
        count_part(
            EventTally.objects.filter(event__kind=EventKind.PLANEET, event__held_on__year=year),
            "planeet",
            Sum("count", output_field=IntegerField()),
        ),
        count_part(referred.exclude(minor_q()), "adults", Count("person", distinct=True)),
        count_part(LeisureEvent.objects.filter(kind=EventKind.MARKET, held_on__year=year), "markets", Count("*")),
    ]


@report_section(KEY, title=_("Referral to leisure"), order=101)
def leisure(year: int) -> Table:
    """The four figures of the year (see the module's docstring for what each counts)."""
    counts = section_counts(KEY, year)
    table = Table(columns=["label", str(year)], rows=[], column_labels=[str(_("figure")), str(year)])
    table.rows = [[table.labelled(label), counts.get((key, ""), 0) or 0] for key, label in ROW_LABELS.items()]
    return table

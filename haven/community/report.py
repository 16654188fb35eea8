"""The community section of the annual report ("Samenleven").

What is counted, for a calendar year (every figure from records, in one statement,
``section_counts``):

- *TANDEM: registered participants*: TANDEM sign-ups (``Participant``, programme TANDEM)
  whose sign-up date (``registered_on``) falls in the year, withdrawn or not;
- *TANDEM: buddy support started*: TANDEM duos whose start date (``Duo.started_on``)
  falls in the year, ended since or not;
- *Samen naar cultuur: participating culture houses*: the distinct culture houses of the
  edition(s) of the year (``CultureEdition.year``);
- *Samen naar cultuur: info evening participants*: the attendance summed over the info
  evenings held in the year (``InfoEvening.held_on``);
- *Samen Gentenaar: matched duos*: Samen Gentenaar duos started in the year
  (``Duo.started_on``), ended since (drop-outs included) or not;
- *Samen Gentenaar: groups*: the groups whose start moment (``Group.starts_on``) falls in
  the year;
- *Samen Gentenaar: newcomers men / women*: the distinct newcomers (persons) of those duos
  by the person's sex (``Person.sex``: M, F);
- *Samen Gentenaar: countries of origin of the newcomers*: the distinct nationalities
  (``Person.nationality``, when known) of those newcomers;
- *Samen Gentenaar: Belgians men / women*: the distinct buddies (persons) of those duos by sex.

The date that decides the year is the sign-up date for TANDEM participants, the start
date for duos, the edition's year for the houses, the evening's date for its attendance
and the start moment for groups.
"""

from django.db.models import Count, IntegerField, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from haven.community.models import Buddy, CultureEdition, Group, InfoEvening, Programme
from haven.people.models import Person
from haven.reports.registry import Table, count_part, report_section, report_section_counts, section_counts

KEY = "community"
# The rows' labels: their Dutch translations are the annual report's own words.
ROW_LABELS = {
    ("tandem_registered", ""): _("TANDEM: registered participants"),
    ("tandem_started", ""): _("TANDEM: buddy support started"),
    ("culture_houses", ""): _("Samen naar cultuur: participating culture houses"),
    ("culture_evening", ""): _("Samen naar cultuur: info evening participants"),
    ("sg_duos", ""): _("Samen Gentenaar: matched duos"),
    ("sg_groups", ""): _("Samen Gentenaar: groups"),
    ("sg_newcomers", "M"): _("Samen Gentenaar: newcomers men"),
    ("sg_newcomers", "F"): _("Samen Gentenaar: newcomers women"),
    ("sg_countries", ""): _("Samen Gentenaar: countries of origin of the newcomers"),
    ("sg_buddies", "M"): _("Samen Gentenaar: Belgians men"),
    ("sg_buddies", "F"): _("Samen Gentenaar: Belgians women"),
}


def _duos_started(programme: str, year: int, prefix: str) -> dict[str, object]:
    return {f"{prefix}duos__programme": programme, f"{prefix}duos__started_on__year": year}


@report_section_counts(KEY)
def community_counts(year: int) -> list[QuerySet]:
    """The parts of the one statement. Duos and sign-ups are counted from the buddy and the
    person (a model with a ``group`` field cannot take ``count_part``'s ``group`` column);
    each ``filter`` names one duo or sign-up, and the count runs over that same join."""
    sg, tandem = Programme.SAMEN_GENTENAAR, Programme.TANDEM
    newcomers = Person.objects.filter(**_duos_started(sg, year, "community_participations__"))
    return [
        count_part(
            Person.objects.filter(
                community_participations__programme=tandem, community_participations__registered_on__year=year
            ),
            "tandem_registered",
            Count("community_participations"),
        ),
        count_part(Buddy.objects.filter(**_duos_started(tandem, year, "")), "tandem_started", Count("duos")),
        count_part(
            CultureEdition.houses.through.objects.filter(cultureedition__year=year),
            "culture_houses",
            Count("culturehouse", distinct=True),
        ),
        count_part(
            InfoEvening.objects.filter(held_on__year=year),
            "culture_evening",
            Sum("attendance", output_field=IntegerField()),
        ),
        count_part(Buddy.objects.filter(**_duos_started(sg, year, "")), "sg_duos", Count("duos")),
        count_part(Group.objects.filter(starts_on__year=year), "sg_groups", Count("*")),
        count_part(newcomers, "sg_newcomers", Count("pk", distinct=True), by="sex"),
        count_part(newcomers.exclude(nationality=""), "sg_countries", Count("nationality", distinct=True)),
        count_part(
            Person.objects.filter(**_duos_started(sg, year, "community_buddy__")),
            "sg_buddies",
            Count("pk", distinct=True),
            by="sex",
        ),
    ]


@report_section(KEY, title=_("Community"), order=102)
def community(year: int) -> Table:
    """The eleven figures of the year (see the module's docstring for what each counts)."""
    counts = section_counts(KEY, year)
    table = Table(columns=["label", str(year)], rows=[], column_labels=[str(_("figure")), str(year)])
    table.rows = [[table.labelled(label), counts.get(key, 0) or 0] for key, label in ROW_LABELS.items()]
    return table

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

from typing import Any

from django.db.models import Count, IntegerField, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from haven.community.models import (
    Buddy,
    CultureEdition,
    CultureHouse,
    Duo,
    Group,
    InfoEvening,
    Participant,
    Programme,
)
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
    """The duos of the programme started in the year, seen from the model ``prefix`` leads
    from (``""``: the duos themselves)."""
    return {f"{prefix}programme": programme, f"{prefix}started_on__year": year}


def _signed_up(year: int, prefix: str) -> dict[str, object]:
    """The TANDEM sign-ups of the year, seen from the model ``prefix`` leads from."""
    return {f"{prefix}programme": Programme.TANDEM, f"{prefix}registered_on__year": year}


def community_records(year: int) -> dict[str, QuerySet]:
    """The records each figure of the year is counted from, by the figure's name: the
    section counts them and its drill-down lists them, so the two cannot drift apart."""
    sg, tandem = Programme.SAMEN_GENTENAAR, Programme.TANDEM
    return {
        "tandem_registered": Person.objects.filter(**_signed_up(year, "community_participations__")),
        "tandem_started": Buddy.objects.filter(**_duos_started(tandem, year, "duos__")),
        "culture_houses": CultureEdition.houses.through.objects.filter(cultureedition__year=year),
        "culture_evening": InfoEvening.objects.filter(held_on__year=year),
        "sg_duos": Buddy.objects.filter(**_duos_started(sg, year, "duos__")),
        "sg_groups": Group.objects.filter(starts_on__year=year),
        "sg_newcomers": Person.objects.filter(**_duos_started(sg, year, "community_participations__duos__")),
        "sg_buddies": Person.objects.filter(**_duos_started(sg, year, "community_buddy__duos__")),
    }


@report_section_counts(KEY)
def community_counts(year: int) -> list[QuerySet]:
    """The parts of the one statement. Duos and sign-ups are counted from the buddy and the
    person (a model with a ``group`` field cannot take ``count_part``'s ``group`` column);
    each ``filter`` names one duo or sign-up, and the count runs over that same join."""
    records = community_records(year)
    newcomers = records["sg_newcomers"]
    return [
        count_part(records["tandem_registered"], "tandem_registered", Count("community_participations")),
        count_part(records["tandem_started"], "tandem_started", Count("duos")),
        count_part(records["culture_houses"], "culture_houses", Count("culturehouse", distinct=True)),
        count_part(records["culture_evening"], "culture_evening", Sum("attendance", output_field=IntegerField())),
        count_part(records["sg_duos"], "sg_duos", Count("duos")),
        count_part(records["sg_groups"], "sg_groups", Count("*")),
        count_part(newcomers, "sg_newcomers", Count("pk", distinct=True), by="sex"),
        count_part(newcomers.exclude(nationality=""), "sg_countries", Count("nationality", distinct=True)),
        count_part(records["sg_buddies"], "sg_buddies", Count("pk", distinct=True), by="sex"),
    ]


# The rows that count culture houses, groups and countries, not people.
IMPERSONAL = {("culture_houses", ""), ("sg_groups", ""), ("sg_countries", "")}


@report_section(
    KEY,
    title=_("Community"),
    order=170,
    definition=_(
        "TANDEM counts the sign-ups of the year (the sign-up date), withdrawn or not, and the buddy "
        "pairs started in the year (the start date), ended since or not. Samen naar cultuur counts the "
        "distinct culture houses of the year's edition and the attendance summed over the info evenings "
        "held in the year. Samen Gentenaar counts the duos started in the year (drop-outs included), the "
        "groups whose start moment falls in the year, and the distinct newcomers and Belgian buddies of "
        "those duos by sex (a person of another or unknown sex is in no row), with the distinct "
        "nationalities of the newcomers (unknown ones left out)."
    ),
)
def community(year: int) -> Table:
    """The eleven figures of the year (see the module's docstring for what each counts)."""
    counts = section_counts(KEY, year)
    table = Table(columns=["label", str(year)], rows=[], column_labels=[str(_("figure")), str(year)])
    table.rows = [
        [table.labelled(label, people=key not in IMPERSONAL), counts.get(key, 0) or 0]
        for key, label in ROW_LABELS.items()
    ]
    return table


@report_drill(KEY)
def community_drill(year: int, row: list[Any] | None, column: str) -> Drill | None:
    """The records behind a figure: the TANDEM sign-ups, the duos (their newcomer's person),
    the newcomers and buddies (each person once), the culture houses, info evenings (their
    attendance summed) and groups. The countries are a count of distinct values, not of
    records (None)."""
    keys = {report_words(label): key for key, label in ROW_LABELS.items()}
    key = keys.get(row[0]) if row and column == str(year) else None
    if key is None:
        return None
    name, sex = key
    sg, tandem = Programme.SAMEN_GENTENAAR, Programme.TANDEM
    records = community_records(year)
    if name == "tandem_registered":
        return Drill(records=Participant.objects.filter(**_signed_up(year, "")), person="person")
    if name in ("tandem_started", "sg_duos"):
        programme = tandem if name == "tandem_started" else sg
        return Drill(records=Duo.objects.filter(**_duos_started(programme, year, "")), person="participant__person")
    if name == "culture_houses":
        houses = records[name].values("culturehouse")
        return Drill(records=CultureHouse.objects.filter(pk__in=houses), person=None)
    if name == "culture_evening":
        return Drill(records=records[name], person=None, total_of="attendance")
    if name == "sg_groups":
        return Drill(records=records[name], person=None)
    if name in ("sg_newcomers", "sg_buddies"):
        return Drill(records=Person.objects.filter(pk__in=records[name].filter(sex=sex).values("pk")), person="pk")
    return None

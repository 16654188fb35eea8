"""The "Transit site" panel of the person file: the stays of the person as head of family."""

from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from haven.people.models import Person
from haven.people.panel_rows import attnames, json_rows, ordered, rows_decode, rows_of
from haven.people.panels import panel_columns
from haven.transit_site.models import Child, Stay


def _children() -> Coalesce:
    rows = (
        Child.objects.filter(stay=OuterRef("pk")).order_by().values("stay").annotate(count=Count("pk")).values("count")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def person_panel_annotations() -> dict[str, Any]:
    """The panel's column of the person file's one query: the stays with their children."""
    return {
        "panel_transit_stays": json_rows(
            Stay.objects.all(), attnames(Stay), person_field="head", extra={"children_count": _children()}
        )
    }


def person_panel_context(person: Person, user: Any) -> dict:
    """The panel from its column of the file's query (one query when called on its own);
    the file's own read is logged by the registry."""
    columns = panel_columns(person, "transit_site")
    stays = rows_decode(Stay, ordered(rows_of(columns["panel_transit_stays"]), ["-arrival", "-id"]))
    return {"transit_stays": stays}

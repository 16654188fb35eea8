"""The "Leisure" panel of the person file: the person's referrals, newest first."""

from typing import Any

from haven.leisure.models import Organisation, Referral
from haven.people.models import Person
from haven.people.panel_rows import attnames, json_rows, ordered, rows_decode, rows_of
from haven.people.panels import panel_columns


def person_panel_annotations() -> dict[str, Any]:
    """The panel's column of the person file's one query: the referrals with their organisation."""
    return {
        "panel_leisure_referrals": json_rows(
            Referral.objects.all(),
            [*attnames(Referral), *attnames(Organisation, prefix="organisation__", only=["id", "name"])],
        )
    }


def person_panel_context(person: Person, user: Any) -> dict:
    """The panel from its column of the file's query (one query when called on its own).
    The person file's own read is logged by the registry; the panel adds nothing to log."""
    columns = {name: rows_of(value) for name, value in panel_columns(person, "leisure").items()}
    referrals = rows_decode(
        Referral, ordered(columns["panel_leisure_referrals"], ["-referred_on", "-id"]), related=["organisation"]
    )
    return {"leisure_referrals": referrals}

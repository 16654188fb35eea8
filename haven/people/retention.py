"""What the registry holds about people and how long it keeps it (haven.core.retention)."""

from django.utils.translation import gettext_lazy as _

from haven.core.retention import Retention, retention_register


def register() -> None:
    retention_register(
        Retention(
            "people.Person",
            start="updated_at",
            years=5,
            legal=_(
                "Kept while a service line still needs the file, and five years after its last change (the "
                "agency's retention schedule for client files)."
            ),
            persons=("id",),
            erase=(
                "given_names",
                "family_name",
                "native_given_names",
                "native_family_name",
                "search_name",
                "national_number",
                "street",
                "house_number",
                "postal_code",
                "municipality",
                "phone",
                "email",
                "notes",
            ),
            pseudonym="family_name",
            keeps=_(
                "Birth date, sex, nationality, languages, district and the date of first registration: the "
                "report counts them."
            ),
        ),
        Retention(
            "people.HouseholdLink",
            start="created_at",
            years=5,
            legal=_("Kept as long as the files it links (the agency's retention schedule for client files)."),
            persons=("parent", "child"),
            keeps_in_use=False,
            keeps=_("Nothing but the link between two files, which become pseudonyms with them."),
        ),
    )

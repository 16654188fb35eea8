"""What the privacy app keeps and how long (haven.core.retention): the privacy officer's
reviews of break-glass openings and the people's requests under the GDPR."""

from django.utils.translation import gettext_lazy as _

from haven.core.retention import Retention, retention_register


def register() -> None:
    retention_register(
        Retention(
            "privacy.GlassReview",
            start="reviewed_at",
            years=5,
            legal=_(
                "Five years after the review (the agency's retention schedule for access logs): proof that an "
                "opening outside a relationship was checked."
            ),
            erase=("note",),
            keeps=_("Which log entry was reviewed, by whom, when and whether it was justified: record numbers only."),
        ),
        Retention(
            "privacy.SubjectRequest",
            start="received_on",
            years=5,
            legal=_(
                "Five years after the request was received: proof of how it was handled (GDPR accountability). It "
                "points to a pseudonym once the person is anonymised."
            ),
            # The person's own copy lists their requests too (the registry's person lookups).
            persons=("person",),
            keeps=_("The kind, dates, reason and who handled it: the reason names no one."),
        ),
    )

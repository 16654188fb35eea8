"""What the civic-integration line keeps about people and how long (haven.core.retention).

The periods run from the event that closes each record: a contract from its end (the
certificate or the end without it), a registration, test, referral or dossier from its own
date. What the report counts (statuses, dates, kinds, results) stays; the free text written
about the person and the health ground of an exemption go.
"""

from django.utils.translation import gettext_lazy as _

from haven.core.retention import Retention, retention_register


def register() -> None:
    retention_register(
        Retention(
            "integration.IntegrationFacts",
            # No domain date: the facts are completed at intake and changed when they change.
            start="updated_at",
            years=5,
            legal=_("Five years after the facts last changed (the agency's retention schedule for client files)."),
            persons=("person",),
            # The facts follow their person: they keep no file in use by themselves (changed at
            # intake, their own date says nothing of the service), and go with the person.
            keeps_in_use=False,
            # Health is special-category data: it goes with the period, the other facts stay.
            erase=("serious_illness_certificate",),
            keeps=_(
                "The register, residence title and the other facts the target-group rules used: they identify "
                "no one once the person is a pseudonym."
            ),
        ),
        Retention(
            "integration.StatusDecision",
            start="asked_on",
            years=5,
            legal=_(
                "Five years after the date the decision was made for (the agency's retention schedule for "
                "civic-integration files, under the integration decree)."
            ),
            persons=("person",),
            # The rules applied name the facts they used (a medical certificate among them).
            erase=("steps", "missing"),
            keeps=_("The kind, date, status and rule set: the report counts the newcomers settled by status."),
        ),
        Retention(
            "integration.Registration",
            start="registered_on",
            years=5,
            legal=_(
                "Five years after the registration (the agency's retention schedule for civic-integration files, "
                "under the integration decree)."
            ),
            persons=("person",),
            keeps=_("Its date and statuses, all it holds: the report counts registrations by status and month."),
        ),
        Retention(
            "integration.Contract",
            start="ended_on",
            years=5,
            legal=_(
                "Five years after the contract ended, with the certificate or without it (the agency's retention "
                "schedule for civic-integration files, under the integration decree)."
            ),
            persons=("person",),
            erase=("assignment_note", "end_note"),
            keeps=_(
                "Dates, status, state, modules, levels, the counsellor and why it ended: the report counts "
                "contracts by status and month, and the counsellors' caseload."
            ),
        ),
        Retention(
            "integration.ContractPause",
            start="expires_on",
            years=5,
            legal=_(
                "Five years after the postponement or suspension expired (the agency's retention schedule for "
                "civic-integration files)."
            ),
            persons=("contract__person",),
            erase=("reason",),
            keeps=_("The kind and dates: they identify no one once the person is a pseudonym."),
        ),
        Retention(
            "integration.Certificate",
            start="issued_on",
            years=5,
            legal=_(
                "Five years after the certificate was issued (the agency's retention schedule for "
                "civic-integration files, under the integration decree)."
            ),
            persons=("contract__person",),
            keeps=_("Its date, all it holds: the report counts the certificates and the time to them."),
        ),
        Retention(
            "integration.ExemptionTest",
            start="registered_on",
            years=5,
            legal=_(
                "Five years after the registration for the test (the agency's retention schedule for "
                "civic-integration files)."
            ),
            persons=("person",),
            keeps=_("Its dates and result, all it holds: the report counts tests registered and passed."),
        ),
        Retention(
            "integration.Referral",
            start="referred_on",
            years=5,
            legal=_("Five years after the referral (the agency's retention schedule for civic-integration files)."),
            persons=("contract__person",),
            erase=("note",),
            keeps=_("The service, dates and outcome: they identify no one once the person is a pseudonym."),
        ),
        Retention(
            "integration.DiplomaDossier",
            # No closing date is recorded; a dossier runs for months, the period for years.
            start="opened_on",
            years=5,
            legal=_(
                "Five years after the dossier was opened (the agency's retention schedule for civic-integration files)."
            ),
            persons=("person",),
            erase=("diploma", "missing_documents"),
            keeps=_("The kind, date and state: the report counts dossiers by kind and year opened."),
        ),
    )

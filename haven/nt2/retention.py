"""What the NT2 line keeps about people and how long (haven.core.retention).

Each record's period runs from its own date: the conversation held, the test taken, the
routing proposed, the enrolment's last status (finished or dropped; a running enrolment's
last move is recent), the grant, the certification test. What the report counts stays;
the notes and reasons staff wrote about the person go.
"""

from django.utils.translation import gettext_lazy as _

from haven.core.retention import Retention, retention_exempt, retention_register


def register() -> None:
    retention_register(
        Retention(
            "nt2.Conversation",
            start="held_on",
            years=5,
            legal=_(
                "Five years after the conversation (the agency's retention schedule for client files of the "
                "Dutch-language line)."
            ),
            persons=("person",),
            erase=("notes",),
            keeps=_(
                "The date, kind, learning goal, schooling and outcome: the report counts the conversations and "
                "the people at one."
            ),
        ),
        Retention(
            "nt2.LanguageTest",
            start="taken_on",
            years=5,
            legal=_(
                "Five years after the test (the agency's retention schedule for client files of the Dutch-language "
                "line)."
            ),
            persons=("person",),
            keeps=_("The date, kind and result, all it holds: the report counts the tests taken."),
        ),
        Retention(
            "nt2.Routing",
            start="proposed_on",
            years=5,
            legal=_(
                "Five years after the proposal (the agency's retention schedule for client files of the "
                "Dutch-language line)."
            ),
            persons=("person",),
            erase=("override_reason",),
            keeps=_(
                "The proposal, its reasons as codes and the choice: they identify no one once the person is a "
                "pseudonym."
            ),
        ),
        Retention(
            "nt2.Enrolment",
            start="status_on",
            years=5,
            legal=_(
                "Five years after its last status, finished or dropped (the agency's retention schedule for client "
                "files of the Dutch-language line)."
            ),
            persons=("person",),
            keeps=_("The module, status and dates, all it holds: the report counts the enrolments at the CVO."),
        ),
        Retention(
            "nt2.Scholarship",
            start="granted_on",
            years=10,
            legal=_(
                "Ten years after the grant: a public fund's spending rests on it (Belgian accounting law keeps "
                "such supporting documents ten years)."
            ),
            persons=("person",),
            keeps=_("The fund, module and date, all it holds: the report counts the grants per funder."),
        ),
        Retention(
            "nt2.CertificationTest",
            start="taken_on",
            years=5,
            legal=_(
                "Five years after the test (the agency's retention schedule for client files of the "
                "Dutch-language line); the certificate itself is the person's."
            ),
            persons=("person",),
            keeps=_("The date, purpose and levels, all it holds: the report counts the certification tests."),
        ),
    )
    retention_exempt(
        "nt2.Provider",
        _("A course provider is an organisation: its address, phone and e-mail are its offices', not a person's."),
    )

"""What social interpreting and translation hold about people and how long (haven.core.retention).

No record here points to the newcomer registry: a request may name its client only in the
free text a partner writes for the interpreter (``notes``), a translation in its title and
its file; the interpreters are freelancers with their own data, outside the registry. So
every declaration has no ``persons``: its records are emptied on their own when their period
ends, and what the report counts (organisations by sector, hours by kind, pages by kind)
stays.

Requests, assignments, performance sheets, translation orders and invoice lines are what
the invoices rest on: Belgian accounting law keeps invoices and their supporting records ten
years. An interpreter's own data is kept while they are in the pool and until the
accounting year after they left has closed (``left_pool_on``, two years).
"""

from django.utils.translation import gettext_lazy as _

from haven.core.retention import Retention, retention_exempt, retention_register

ACCOUNTING_YEARS = 10
POOL_YEARS = 2

ACCOUNTING = _(
    "Belgian accounting law: invoices and the records they rest on are kept ten years; the free text and files go then."
)
POOL = _(
    "Kept while the interpreter is in the pool and until the accounting year after they left it has closed "
    "(two years after they left)."
)


def register() -> None:
    retention_register(
        Retention(
            "interpreting.Interpreter",
            start="left_pool_on",
            years=POOL_YEARS,
            legal=POOL,
            erase=("given_names", "family_name", "email", "phone"),
            pseudonym="family_name",
            keeps=_(
                "Sex, certification, languages and the jobs done: past years' hours stay counted, under a pseudonym."
            ),
        ),
        Retention(
            "interpreting.Absence",
            start="ends_at",
            years=POOL_YEARS,
            legal=_("An interpreter's absence is needed to plan jobs; kept two years after it ended."),
            delete=True,
            keeps=_("Nothing: the report counts no absences."),
        ),
        Retention(
            "interpreting.Availability",
            start="interpreter__left_pool_on",
            years=POOL_YEARS,
            legal=POOL,
            delete=True,
            keeps=_("Nothing: the report counts no weekly windows."),
        ),
        Retention(
            "interpreting.InterpretingRequest",
            start="starts_at",
            years=ACCOUNTING_YEARS,
            legal=ACCOUNTING,
            erase=("notes", "video_link"),
            keeps=_(
                "The organisation, kind, language, sector, times and status: the report counts the users by sector "
                "and the hours by kind from them."
            ),
        ),
        Retention(
            "interpreting.Assignment",
            start="starts_at",
            years=ACCOUNTING_YEARS,
            legal=ACCOUNTING,
            erase=("why",),
            keeps=_(
                "The interpreter (a pseudonym by then), the times and the status: the hours are counted from them."
            ),
        ),
        Retention(
            "interpreting.Timesheet",
            start="actual_start",
            years=ACCOUNTING_YEARS,
            legal=ACCOUNTING,
            erase=("remark", "returned_remark"),
            keeps=_("The actual times, waiting time, travel and status: the report counts the approved hours."),
        ),
        Retention(
            "interpreting.TranslationOrder",
            start="deadline",
            years=ACCOUNTING_YEARS,
            legal=ACCOUNTING,
            erase=("title", "delivered_file"),
            keeps=_(
                "The organisation, kind, languages, pages, status and dates: the report counts the users by sector "
                "and the pages by kind."
            ),
        ),
        Retention(
            "interpreting.InvoiceLine",
            start="invoice__issued_on",
            years=ACCOUNTING_YEARS,
            legal=ACCOUNTING,
            # A translation's line repeats the order's title, which may name its client.
            erase=("description",),
            keeps=_("The kind, quantity, amount and what was billed, so that nothing is billed twice."),
        ),
    )
    retention_exempt(
        "interpreting.Organisation",
        _("A partner organisation's invoicing address and numbers: an organisation's, not a person's."),
    )
    retention_exempt(
        "interpreting.Site",
        _("The address of a partner's building where jobs take place, not a person's."),
    )
    retention_exempt(
        "interpreting.LibraryDocument",
        _("A standard document of the translation library (a letter, a form, a leaflet), about no one."),
    )

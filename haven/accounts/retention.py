"""What Haven keeps about its own users and how long (haven.core.retention).

A user row is never deleted: the access log and the audit trail point to it (PROTECT), and
they must keep saying which account read or changed what. Five years after an account was
switched off, its name, e-mail and password go and its username becomes a pseudonym; the
row, its roles and dates stay for the logs that point to it. The username also stays where
the audit trail named the account (an entry's label): a chained entry cannot change.
"""

from django.utils.translation import gettext_lazy as _

from haven.core.retention import Retention, retention_register


def register() -> None:
    retention_register(
        Retention(
            "accounts.User",
            start="deactivated_at",
            years=5,
            legal=_(
                "Five years after the account was switched off, long enough to say who read or changed a file "
                "(the agency's retention schedule for personnel data)."
            ),
            erase=("username", "first_name", "last_name", "email", "password"),
            pseudonym="username",
            keeps=_("The row, its roles and dates: the access log and audit trail point to it, and keep their chains."),
        ),
    )

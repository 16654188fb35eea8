"""Why a contract has its counsellor, kept as a code with its facts and told in the
reader's language when shown (``Contract.assignment_explained``): a Dutch reader and an
English one see the same reason, each in their own words, whoever signed the contract in
whichever language. What a team coordinator wrote when choosing is kept as written
(``Contract.assignment_note``)."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from haven.core import reference

PREFERRED_LANGUAGE = "preferred_language"  # speaks the person's preferred language
SHARED_LANGUAGE = "shared_language"  # shares another language the person speaks
NO_SHARED_LANGUAGE = "no_shared_language"  # nobody does: the smallest caseload
NOBODY = "nobody"  # no counsellor takes new clients
CHOSEN = "chosen"  # a team coordinator chose, with a reason (the note)

CODES = (PREFERRED_LANGUAGE, SHARED_LANGUAGE, NO_SHARED_LANGUAGE, NOBODY, CHOSEN)


def reason(code: str, **facts: Any) -> dict[str, Any]:
    """A reason to keep on the contract: the code and the facts its sentence needs."""
    if code not in CODES:
        raise ValueError(f"Not a reason for a counsellor: {code}")
    return {"code": code, **facts}


def chosen_by(user: Any) -> dict[str, Any]:
    """The reason kept when a team coordinator chooses the counsellor (their words are the note)."""
    return reason(CHOSEN, by=user.get_full_name() or user.get_username())


def explained(kept: Mapping[str, Any], note: str = "") -> str:
    """The reason in the reader's language; a contract from before reasons were codes
    (no code) shows its note as it was written."""
    code = kept.get("code")
    if code == PREFERRED_LANGUAGE:
        return _("Speaks the preferred language (%(language)s); smallest caseload (%(count)s open).") % {
            "language": reference.language_name(kept["language"]),
            "count": kept["open"],
        }
    if code == SHARED_LANGUAGE:
        return _("Shares a contact language; smallest caseload (%(count)s open).") % {"count": kept["open"]}
    if code == NO_SHARED_LANGUAGE:
        return _("No counsellor speaks a language of the person; smallest caseload (%(count)s open).") % {
            "count": kept["open"]
        }
    if code == NOBODY:
        return _("No counsellor takes new clients.")
    if code == CHOSEN:
        return _("Chosen by %(user)s: %(reason)s") % {"user": kept["by"], "reason": note}
    return note

"""An interpreter's own settings: the secret address of their calendar feed."""

import secrets

from haven.interpreting.models import Interpreter


def ical_token_rotate(interpreter: Interpreter) -> str:
    """Give the interpreter a new secret feed token; the old feed URL stops working."""
    interpreter.ical_token = secrets.token_urlsafe(24)
    interpreter.save(update_fields=["ical_token"])
    return interpreter.ical_token

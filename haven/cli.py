"""The ``haven`` command: Django's manage.py under the project's own name.

``haven serve`` is ``runserver`` on 127.0.0.1:8000 by default, and prints the
demo logins first when the database holds demo staff.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haven.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv if argv is not None else sys.argv)

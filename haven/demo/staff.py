"""Demo staff: one login per role, all with the same printed password."""

from django.contrib.auth import get_user_model
from faker import Faker

from haven.accounts.models import User
from haven.accounts.roles import ROLES, role_label
from haven.accounts.services import user_create

DEMO_PASSWORD = "haven-demo-2019"
DEMO_EMAIL_DOMAIN = "demo.haven.invalid"  # .invalid: never a real mailbox


def demo_staff_create(faker: Faker) -> dict[str, User]:
    users = {}
    for code in ROLES:
        users[code] = user_create(
            username=code,
            password=DEMO_PASSWORD,
            first_name=faker.first_name(),
            last_name=faker.last_name(),
            email=f"{code}@{DEMO_EMAIL_DOMAIN}",
            roles=[code],
        )
    return users


def demo_logins() -> list[tuple[str, str]]:
    """(username, role) of the demo logins present in the database."""
    users = get_user_model().objects.filter(email__endswith="@" + DEMO_EMAIL_DOMAIN).order_by("id")
    return [(user.username, role_label(user.username)) for user in users if user.username in ROLES]

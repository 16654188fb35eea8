"""Fixtures of the civic-integration tests. The obligated newcomer Amina, her registration
and contract (``newcomer``, ``registration``, ``contract``) are in the root conftest.py,
because the people app's policy tests use them too."""

import pytest

from haven.accounts.services import user_create
from haven.integration.models import CounsellorProfile


@pytest.fixture
def colleague(db):
    """Cor, a second counsellor (Farsi and Dari, 0.8 FTE): not the newcomer's."""
    user = user_create(
        username="cor",
        password="correct-horse-battery-staple",
        first_name="Cor",
        last_name="Persona",
        roles=["counsellor"],
    )
    profile = CounsellorProfile.objects.create(user=user, fte="0.80")
    profile.languages.set(["fas", "prs"])
    return user

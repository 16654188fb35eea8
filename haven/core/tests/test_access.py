"""The core's permission helpers."""

import pytest
from django.contrib.auth.models import AnonymousUser

from haven.core.access import may


def test_may_refuses_a_bare_codename():
    """A bare codename is never held: the page would silently stop offering the action."""
    with pytest.raises(ValueError, match="is not"):
        may(AnonymousUser(), "add_stay")
    assert may(AnonymousUser(), "transit_site.add_stay") is False

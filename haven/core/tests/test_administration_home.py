"""The functional administrator's section of the start page links only what the role opens."""

import pytest
from django.urls import reverse

from haven.accounts.services import user_create


@pytest.mark.django_db
def test_the_administrator_gets_users_reference_data_history_and_audit_others_do_not(client, counsellor):
    admin = user_create(username="ada", password="x-long-password-1", roles=["admin"])
    client.force_login(admin)
    page = client.get(reverse("home")).content.decode()
    for expected in ('id="admin-users"', 'id="admin-reference"', 'href="/audit/"', 'id="access-history"'):
        assert expected in page
    assert "/admin/accounts/user/" in page and "/admin/core/language/" in page
    assert "accesslogentry" not in page and "auditentry" not in page  # the logs: Haven's own pages only
    client.force_login(counsellor)
    page = client.get(reverse("home")).content.decode()
    assert 'id="administration"' not in page and 'id="access-history"' not in page

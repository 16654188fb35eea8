"""The functional administrator manages users and roles, but cannot raise anyone's rights
beyond the roles."""

import pytest
from django.contrib.auth.models import Group

from conftest import logged_in_client


@pytest.mark.django_db
def test_functional_admin_can_give_a_role_but_not_superuser_rights(functional_admin, counsellor):
    client = logged_in_client(functional_admin)
    page = client.get(f"/admin/accounts/user/{counsellor.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert "is_superuser" not in form.fields  # shown read-only, not editable
    assert "user_permissions" not in form.fields
    manager_group = Group.objects.get(name="manager")
    data = {
        "username": counsellor.username,
        "first_name": counsellor.first_name,
        "last_name": counsellor.last_name,
        "email": "",
        "is_active": "on",
        "groups": [manager_group.pk],
        "is_superuser": "on",
    }
    response = client.post(f"/admin/accounts/user/{counsellor.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    counsellor.refresh_from_db()
    assert counsellor.role_codes == ["manager"]
    assert counsellor.is_superuser is False


@pytest.mark.django_db
def test_reference_data_admin_pages_are_open_to_the_functional_admin_only(functional_admin, counsellor):
    for url in (
        "/admin/core/language/",
        "/admin/core/district/",
        "/admin/accounts/user/",
        "/admin/orientation/teacher/",
        "/admin/orientation/room/",
    ):
        assert logged_in_client(functional_admin).get(url).status_code == 200
        assert logged_in_client(counsellor).get(url).status_code == 302  # not staff: sent to the admin login

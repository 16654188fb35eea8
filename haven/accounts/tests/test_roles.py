"""Roles are Django groups whose permissions follow haven/accounts/roles.py exactly."""

import pytest
from django.contrib.auth.models import Group, Permission

from haven.accounts.roles import ROLES, roles_sync
from haven.accounts.services import user_create


def _group_permissions() -> dict[str, set[str]]:
    return {
        group.name: {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        for group in Group.objects.prefetch_related("permissions__content_type")
    }


@pytest.mark.django_db
def test_migrate_creates_one_group_per_role_with_exactly_its_permissions():
    expected = {code: set(role.permissions) for code, role in ROLES.items()}
    assert _group_permissions() == expected


@pytest.mark.django_db
def test_every_role_permission_names_an_existing_permission():
    for role in ROLES.values():
        for name in role.permissions:
            app_label, codename = name.split(".")
            assert Permission.objects.filter(content_type__app_label=app_label, codename=codename).exists(), name


@pytest.mark.django_db
def test_roles_sync_twice_changes_nothing():
    before = _group_permissions()
    group_ids = sorted(Group.objects.values_list("id", flat=True))
    roles_sync()
    roles_sync()
    assert _group_permissions() == before
    assert sorted(Group.objects.values_list("id", flat=True)) == group_ids


@pytest.mark.django_db
def test_roles_sync_removes_extra_permissions_and_recreates_missing_groups():
    manager = Group.objects.get(name="manager")
    manager.permissions.add(Permission.objects.get(content_type__app_label="people", codename="delete_person"))
    Group.objects.filter(name="partner").delete()

    roles_sync()

    assert _group_permissions() == {code: set(role.permissions) for code, role in ROLES.items()}


@pytest.mark.django_db
def test_roles_sync_keeps_members_of_a_group():
    user = user_create(username="member", password="a-long-enough-password", roles=["counsellor"])
    roles_sync()
    assert user.role_codes == ["counsellor"]


@pytest.mark.django_db
def test_role_permissions_reach_the_user(counsellor, manager, outsider):
    assert counsellor.has_perm("people.change_person")
    assert not counsellor.has_perm("reports.view_annual_report")
    assert manager.has_perm("reports.view_annual_report")
    assert not manager.has_perm("people.view_person")
    assert not outsider.has_perm("people.view_person")
    assert outsider.role_codes == []


@pytest.mark.django_db
def test_only_the_functional_administrator_role_opens_the_admin_site(functional_admin, counsellor):
    assert functional_admin.is_staff
    assert not counsellor.is_staff


@pytest.mark.django_db
def test_user_create_refuses_an_unknown_role():
    with pytest.raises(ValueError, match="Unknown roles"):
        user_create(username="nobody", password="a-long-enough-password", roles=["janitor"])

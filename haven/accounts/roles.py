"""The roles of domain.md, as Django groups with permissions.

Each app adds the permissions its role needs here as it grows; ``roles_sync`` makes
the groups match this table after every migrate (idempotent).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Role:
    code: str
    label: str
    permissions: tuple[str, ...]
    staff_site: bool = False  # may use the Django admin for reference data


PEOPLE_READ = ("people.view_person",)
PEOPLE_WRITE = ("people.view_person", "people.add_person", "people.change_person")

ROLES: dict[str, Role] = {
    role.code: role
    for role in (
        Role("intake", _("Intake"), PEOPLE_WRITE),
        Role("counsellor", _("Counsellor"), PEOPLE_WRITE),
        Role("course_coordinator", _("Course coordinator"), PEOPLE_READ),
        Role("dispatcher", _("Dispatcher interpreting and translation"), ()),
        Role("partner", _("Partner organisation"), ()),
        Role("interpreter", _("Interpreter or translator"), ()),
        Role("programme_staff", _("Programme staff"), PEOPLE_READ),
        Role("manager", _("Manager"), ("reports.view_annual_report",)),
        Role(
            "admin",
            _("Functional administrator"),
            (
                "accounts.view_user",
                "accounts.add_user",
                "accounts.change_user",
                "accounts.view_apitoken",
                "accounts.add_apitoken",
                "accounts.delete_apitoken",
                "auth.view_group",
                "core.view_language",
                "core.add_language",
                "core.change_language",
                "core.view_district",
                "core.add_district",
                "core.change_district",
                "core.delete_district",
                "core.view_accesslogentry",
            ),
            staff_site=True,
        ),
    )
}


def role_label(code: str) -> str:
    role = ROLES.get(code)
    return str(role.label) if role else code


def roles_sync(**_kwargs) -> None:
    """Create or update one group per role with exactly the role's permissions."""
    from django.contrib.auth.models import Group, Permission

    for role in ROLES.values():
        group, _created = Group.objects.get_or_create(name=role.code)
        wanted = []
        for name in role.permissions:
            app_label, codename = name.split(".")
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is None:
                raise LookupError(f"Role {role.code} names an unknown permission {name}.")
            wanted.append(permission)
        group.permissions.set(wanted)

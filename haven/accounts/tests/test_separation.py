"""Separation of duties in the admin (issue 10, item 4): each step of the escalation the
auditor made as functional administrator fails, and what the administrator may do is
written to the audit trail with actor, target and field names (never values)."""

import re

import pytest
from django import forms
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from faker import Faker

from conftest import PASSWORD, logged_in_client
from haven.accounts import access, services
from haven.accounts.admin import UserAdmin
from haven.accounts.models import ApiToken
from haven.core.models import AuditEntry, District

User = get_user_model()


def _change_data(user, **overrides):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on" if user.is_active else "",
        "groups": list(user.groups.values_list("pk", flat=True)),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value != ""}


def _group_pks(*names):
    return list(Group.objects.filter(name__in=names).values_list("pk", flat=True))


def _entries(actor):
    return list(AuditEntry.objects.filter(actor=actor).order_by("id"))


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", "root@example.invalid", PASSWORD)


# --- 1. Adding roles to one's own account -----------------------------------------------------------


@pytest.mark.django_db
def test_the_administrator_cannot_add_roles_to_their_own_account(functional_admin):
    client = logged_in_client(functional_admin)
    page = client.get(f"/admin/accounts/user/{functional_admin.pk}/change/")
    assert page.status_code == 200
    form_fields = page.context["adminform"].form.fields
    for name in ("groups", "is_active", "is_staff", "is_superuser", "user_permissions"):
        assert name not in form_fields  # shown read-only
    response = client.post(
        f"/admin/accounts/user/{functional_admin.pk}/change/",
        _change_data(
            functional_admin,
            groups=_group_pks("admin", "intake", "manager"),
            is_superuser="on",
            is_staff="on",
        ),
    )
    assert response.status_code in (302, 403)
    functional_admin.refresh_from_db()
    assert functional_admin.role_codes == ["admin"]
    assert not functional_admin.is_superuser
    assert not any(field.startswith("groups:") for entry in _entries(functional_admin) for field in entry.fields)


@pytest.mark.django_db
def test_own_roles_are_refused_on_save_too_not_only_in_the_form(functional_admin):
    """A forged form that does carry the groups field: save_related refuses it."""
    request = RequestFactory().post("/admin/")
    request.user = functional_admin

    class ForgedForm(forms.ModelForm):
        class Meta:
            model = User
            fields = ("groups",)

    form = ForgedForm({"groups": _group_pks("admin", "intake", "manager")}, instance=functional_admin)
    assert form.is_valid()
    with pytest.raises(PermissionDenied):
        UserAdmin(User, admin.site).save_related(request, form, [], change=True)
    functional_admin.refresh_from_db()
    assert functional_admin.role_codes == ["admin"]
    with pytest.raises(PermissionDenied):
        access.user_roles_check(actor=functional_admin, user=functional_admin, added={"intake"}, removed=())


@pytest.mark.django_db
def test_nobody_deactivates_or_promotes_themselves_even_a_superuser(superuser):
    client = logged_in_client(superuser)
    response = client.post(
        f"/admin/accounts/user/{superuser.pk}/change/",
        _change_data(superuser, is_active="", groups=_group_pks("intake")),
    )
    assert response.status_code in (302, 403)
    superuser.refresh_from_db()
    assert superuser.is_active and superuser.role_codes == []


# --- 2. Roles for others ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_administrator_gives_roles_to_others_and_it_is_audited(functional_admin, counsellor):
    client = logged_in_client(functional_admin)
    response = client.post(
        f"/admin/accounts/user/{counsellor.pk}/change/",
        _change_data(
            counsellor,
            first_name="Carlotta",
            groups=_group_pks("intake"),
        ),
    )
    assert response.status_code == 302
    counsellor.refresh_from_db()
    assert counsellor.role_codes == ["intake"]
    [entry] = _entries(functional_admin)
    assert (entry.action, entry.target_type, entry.target_id) == ("update", "accounts.user", str(counsellor.pk))
    assert entry.fields == sorted(["first_name", "groups:+intake", "groups:-counsellor"])
    assert "Carlotta" not in str(entry.fields) + entry.note  # names of fields, never values


@pytest.mark.django_db
def test_only_a_superuser_gives_the_admin_role(functional_admin, counsellor, superuser):
    client = logged_in_client(functional_admin)
    response = client.post(
        f"/admin/accounts/user/{counsellor.pk}/change/",
        _change_data(counsellor, groups=_group_pks("counsellor", "admin")),
    )
    assert response.status_code == 200  # the form refuses: not a choice for this user
    assert response.context["adminform"].form.errors["groups"]
    counsellor.refresh_from_db()
    assert counsellor.role_codes == ["counsellor"]
    with pytest.raises(PermissionDenied):
        access.user_roles_check(actor=functional_admin, user=counsellor, added={"privacy_officer"}, removed=())
    with pytest.raises(PermissionDenied):
        services.user_create(username="second-admin", password=None, roles=["admin"], actor=functional_admin)

    response = logged_in_client(superuser).post(
        f"/admin/accounts/user/{counsellor.pk}/change/",
        _change_data(counsellor, groups=_group_pks("counsellor", "admin")),
    )
    assert response.status_code == 302
    counsellor.refresh_from_db()
    assert sorted(counsellor.role_codes) == ["admin", "counsellor"]
    assert counsellor.is_staff  # follows from the role
    [entry] = _entries(superuser)
    assert entry.fields == ["groups:+admin", "is_staff"]


@pytest.mark.django_db
def test_the_administrator_cannot_touch_another_administrators_or_a_superusers_account(functional_admin, superuser):
    other_admin = services.user_create(username="ada2", password=PASSWORD, roles=["admin"], email="a2@example.invalid")
    client = logged_in_client(functional_admin)
    for target in (other_admin, superuser):
        url = f"/admin/accounts/user/{target.pk}/change/"
        assert client.get(url).status_code == 200  # view only
        response = client.post(url, _change_data(target, is_active="", groups=_group_pks("manager")))
        assert response.status_code == 403
        target.refresh_from_db()
        assert target.is_active and "manager" not in target.role_codes


@pytest.mark.django_db
def test_the_administrator_cannot_redirect_an_accounts_mail(functional_admin, manager):
    """The reset link goes to the account's address: changing it would be a take-over."""
    manager.email = "maarten@example.invalid"
    manager.save()
    response = logged_in_client(functional_admin).post(
        f"/admin/accounts/user/{manager.pk}/change/", _change_data(manager, email="ada@evil.invalid")
    )
    assert response.status_code == 302
    manager.refresh_from_db()
    assert manager.email == "maarten@example.invalid"


# --- 3. Passwords -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_nobody_sets_another_users_password(functional_admin, manager, superuser):
    for actor in (functional_admin, superuser):
        client = logged_in_client(actor)
        url = f"/admin/accounts/user/{manager.pk}/password/"
        assert client.get(url).status_code == 403
        response = client.post(url, {"password1": "a-new-password-42", "password2": "a-new-password-42"})
        assert response.status_code == 403
        manager.refresh_from_db()
        assert manager.check_password(PASSWORD)
    # Their own: Django's password-change page.
    own = logged_in_client(functional_admin).get(f"/admin/accounts/user/{functional_admin.pk}/password/")
    assert own.status_code == 302 and own["Location"] == "/account/password/"


@pytest.mark.django_db
def test_a_user_changes_their_own_password_and_it_is_audited(counsellor):
    client = logged_in_client(counsellor)
    assert client.get("/account/password/").status_code == 200
    response = client.post(
        "/account/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Another-long-passphrase-7",
            "new_password2": "Another-long-passphrase-7",
        },
    )
    assert response.status_code == 302
    counsellor.refresh_from_db()
    assert counsellor.check_password("Another-long-passphrase-7")
    [entry] = _entries(counsellor)
    assert (entry.action, entry.fields) == ("update", ["password"])


def _reset_link(mail) -> str:
    return re.search(r"https?://[^/\s]+(/reset/\S+/)", mail.body).group(1)


@pytest.mark.django_db
def test_the_administrator_sends_a_reset_link_and_only_the_user_chooses_the_password(
    functional_admin, manager, mailoutbox
):
    manager.email = "maarten@example.invalid"
    manager.save()
    response = logged_in_client(functional_admin).post(
        "/admin/accounts/user/",
        {
            "action": "send_password_reset",
            "_selected_action": [manager.pk],
        },
    )
    assert response.status_code == 302
    [mail] = mailoutbox
    assert mail.to == ["maarten@example.invalid"]
    manager.refresh_from_db()
    assert manager.check_password(PASSWORD)  # nothing changed until the user acts
    [entry] = _entries(functional_admin)
    assert (entry.action, entry.target_id, entry.note) == ("other", str(manager.pk), "password reset link sent")

    browser = Client()
    form_page = browser.get(_reset_link(mail), follow=True)
    assert form_page.status_code == 200 and form_page.context["validlink"]
    done = browser.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Manager-chooses-this-1", "new_password2": "Manager-chooses-this-1"},
    )
    assert done.status_code == 302
    manager.refresh_from_db()
    assert manager.check_password("Manager-chooses-this-1")
    assert browser.get(_reset_link(mail), follow=True).context["validlink"] is False  # used once


@pytest.mark.django_db
def test_a_user_added_in_the_admin_gets_no_password_but_a_link(functional_admin, mailoutbox):
    client = logged_in_client(functional_admin)
    page = client.get("/admin/accounts/user/add/")
    assert page.status_code == 200
    fields = page.context["adminform"].form.fields
    assert not {"password", "password1", "password2", "usable_password", "is_superuser"} & set(fields)
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "nadia",
            "first_name": "Nadia",
            "last_name": "Nieuw",
            "email": "nadia@example.invalid",
            "groups": _group_pks("intake"),
            "password1": "set-by-admin-123",
            "password2": "set-by-admin-123",
            "is_superuser": "on",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    nadia = User.objects.get(username="nadia")
    assert not nadia.has_usable_password() and not nadia.is_superuser
    assert nadia.role_codes == ["intake"]
    [mail] = mailoutbox
    assert mail.to == ["nadia@example.invalid"] and "/reset/" in mail.body
    created, reset = _entries(functional_admin)
    assert (created.action, created.target_id) == ("create", str(nadia.pk))
    assert "groups:+intake" in created.fields and "Nadia" not in str(created.fields)
    assert reset.action == "other"


# --- 4. Tokens for someone else ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_administrator_cannot_issue_a_token_for_another_user(functional_admin, intake_user):
    client = logged_in_client(functional_admin)
    page = client.get("/admin/accounts/apitoken/add/")
    assert page.status_code == 200
    assert "user" not in page.context["adminform"].form.fields
    response = client.post(
        "/admin/accounts/apitoken/add/",
        {
            "name": "kiosk",
            "user": intake_user.pk,
            "expires_at_0": "2000-01-01",
            "expires_at_1": "00:00:00",  # in the past: refused
        },
    )
    assert response.status_code == 200 and response.context["adminform"].form.errors
    assert not ApiToken.objects.exists()
    page = client.get("/admin/accounts/apitoken/add/")
    initial = page.context["adminform"].form["expires_at"].value()
    response = client.post(
        "/admin/accounts/apitoken/add/",
        {
            "name": "kiosk",
            "user": intake_user.pk,
            "expires_at_0": initial.strftime("%Y-%m-%d"),
            "expires_at_1": "00:00:00",
        },
    )
    assert response.status_code == 302
    token = ApiToken.objects.get()
    assert token.user == functional_admin  # always the one who asks
    assert not ApiToken.objects.filter(user=intake_user).exists()
    [entry] = _entries(functional_admin)
    assert (entry.action, entry.target_type, entry.note) == ("issue", "accounts.apitoken", "owner ada")
    with pytest.raises(TypeError):
        services.api_token_create(user=intake_user, name="x", actor=functional_admin)


# --- 5. Superusers ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_no_superuser_from_the_admin_or_the_services(functional_admin, counsellor, superuser):
    for actor in (functional_admin, superuser):
        page = logged_in_client(actor).get(f"/admin/accounts/user/{counsellor.pk}/change/")
        assert "is_superuser" not in page.context["adminform"].form.fields
        logged_in_client(actor).post(
            f"/admin/accounts/user/{counsellor.pk}/change/", _change_data(counsellor, is_superuser="on")
        )
        counsellor.refresh_from_db()
        assert not counsellor.is_superuser
    with pytest.raises(TypeError):
        services.user_create(username="boss", password=PASSWORD, is_superuser=True)
    # The command line's superuser is in the trail too, with no actor.
    entry = AuditEntry.objects.filter(target_type="accounts.user", target_id=str(superuser.pk)).get()
    assert (entry.actor, entry.action, entry.note) == (None, "create", "createsuperuser")
    assert "is_superuser" in entry.fields


@pytest.mark.django_db
def test_the_demo_staff_has_no_superuser():
    from haven.demo.staff import demo_staff_create

    faker = Faker("nl_BE")
    faker.seed_instance(10)
    users = demo_staff_create(faker)
    assert users
    assert not User.objects.filter(is_superuser=True).exists()


# --- 6. Groups, the admin log and reference data -----------------------------------------------------


@pytest.mark.django_db
def test_groups_are_read_only_for_everyone(functional_admin, superuser):
    intake = Group.objects.get(name="intake")
    for actor in (functional_admin, superuser):
        client = logged_in_client(actor)
        assert client.get(f"/admin/auth/group/{intake.pk}/change/").status_code == 200  # view
        assert client.get("/admin/auth/group/add/").status_code == 403
        assert client.post(f"/admin/auth/group/{intake.pk}/change/", {"name": "intake2"}).status_code == 403
        assert client.post(f"/admin/auth/group/{intake.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Group.objects.filter(name="intake").exists()


def test_django_admin_log_is_not_in_the_admin():
    assert LogEntry not in admin.site._registry


def test_every_registered_model_admin_writes_the_audit_trail():
    from haven.accounts.admin_site import AuditedAdminMixin

    assert admin.site._registry
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, AuditedAdminMixin), model


@pytest.mark.django_db
def test_reference_data_changes_are_audited(functional_admin):
    client = logged_in_client(functional_admin)
    response = client.post("/admin/core/district/add/", {"name": "Muide", "postal_codes": "9000"})
    assert response.status_code == 302
    district = District.objects.get(name="Muide")
    response = client.post(
        f"/admin/core/district/{district.pk}/change/", {"name": "Muide-Meulestede", "postal_codes": "9000"}
    )
    assert response.status_code == 302
    response = client.post(f"/admin/core/district/{district.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    created, changed, deleted = _entries(functional_admin)
    assert (created.action, created.target_type, created.target_id) == ("create", "core.district", str(district.pk))
    assert sorted(created.fields) == ["name", "postal_codes"]
    assert (changed.action, changed.fields) == ("update", ["name"])
    assert (deleted.action, deleted.target_id) == ("delete", str(district.pk))
    assert all(entry.actor == functional_admin for entry in (created, changed, deleted))


@pytest.mark.django_db
def test_the_administrator_cannot_add_a_second_account_for_their_own_mailbox(functional_admin, manager, mailoutbox):
    functional_admin.email = "ada@example.invalid"
    functional_admin.save()
    manager.email = "maarten@example.invalid"
    manager.save()
    client = logged_in_client(functional_admin)
    for email in ("ADA@example.invalid", "maarten@example.invalid"):
        response = client.post(
            "/admin/accounts/user/add/",
            {"username": "shadow", "email": email, "groups": _group_pks("intake", "manager")},
        )
        assert response.status_code == 200 and response.context["adminform"].form.errors["email"]
    assert not User.objects.filter(username="shadow").exists()
    assert not mailoutbox


@pytest.mark.django_db
def test_the_reset_link_action_skips_accounts_without_an_address(functional_admin, counsellor, mailoutbox):
    response = logged_in_client(functional_admin).post(
        "/admin/accounts/user/", {"action": "send_password_reset", "_selected_action": [counsellor.pk]}, follow=True
    )
    assert response.status_code == 200
    assert not mailoutbox
    assert "carla" in " ".join(str(message) for message in response.context["messages"])

"""Users, roles and API tokens in the admin, with separation of duties (see access.py):
nobody changes their own roles or flags, only a superuser gives the admin and privacy
officer roles or touches a superuser's or administrator's account, nobody sets someone
else's password (a reset link is sent instead) and a token is only ever issued to the
logged-in user. Every change is audited by the site (admin_site.py)."""

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from haven.accounts import access, services
from haven.accounts.models import ApiToken, User, token_days, token_expiry_default
from haven.core.admin import ReadOnlyAdmin


class UserAddForm(forms.ModelForm):
    """No password: the new user chooses one through the reset link sent to this address."""

    class Meta:
        model = User
        fields = ("username", "first_name", "last_name", "email", "groups")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].help_text = _("A link to choose a password is sent to this address.")

    actor_email = ""  # set per request by UserAdmin.get_form

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if self.actor_email and email.casefold() == self.actor_email.casefold():
            raise ValidationError(_("This is your own address: a second account for yourself is not allowed."))
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(_("Another account already has this address."))
        return email

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
            self.save_m2m()
        return user


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "first_name", "last_name", "is_active", "last_login")
    list_filter = ("groups", "is_active", "is_staff")
    add_form = UserAddForm
    add_form_template = None  # the plain change form: no password fields to explain
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "first_name", "last_name", "email", "groups")}),
    )
    # No password field: nobody sets or sees another user's password here.
    fieldsets = (
        (None, {"fields": ("username",)}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    actions = ("send_password_reset",)

    def get_readonly_fields(self, request, obj=None):
        # Superusers come only from the command line; staff follows from the roles.
        readonly = ["is_superuser", "is_staff", "last_login", "date_joined"]
        if not request.user.is_superuser:
            readonly.append("user_permissions")
            if obj is not None:
                # The reset link goes to this address: an administrator who could change
                # it could take over the account.
                readonly.append("email")
        if obj is not None and obj.pk == request.user.pk:
            readonly += [name for name in access.SELF_PROTECTED if name not in readonly]
        return readonly

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None:
            form = type(form.__name__, (form,), {"actor_email": request.user.email or ""})
        return form

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return access.user_change_allowed(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if not access.user_delete_allowed(request.user, obj):
            return False
        return super().has_delete_permission(request, obj)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.exclude(name__in=access.SUPERUSER_ONLY_ROLES).order_by("name")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            before = User.objects.get(pk=obj.pk)
            access.user_fields_check(request.user, before, obj)
            # The account's retention period runs from its deactivation (haven.accounts.retention).
            if before.is_active and not obj.is_active:
                obj.deactivated_at = timezone.now()
            elif obj.is_active:
                obj.deactivated_at = None
        else:
            obj.is_superuser = False
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        user = form.instance
        before = set(user.groups.values_list("name", flat=True)) if change else set()
        if "groups" in form.cleaned_data:
            after = {group.name for group in form.cleaned_data["groups"]}
            if not request.user.is_superuser:
                # Superuser-only roles the user holds stay whatever the form says.
                after |= before & access.SUPERUSER_ONLY_ROLES
        else:
            after = before
        added, removed = after - before, before - after
        access.user_roles_check(actor=request.user, user=user, added=added, removed=removed)
        if "groups" in form.cleaned_data:
            form.cleaned_data["groups"] = Group.objects.filter(name__in=after)
        super().save_related(request, form, formsets, change)
        staff = services.staff_site_for(user, after)
        if user.is_staff != staff:
            User.objects.filter(pk=user.pk).update(is_staff=staff)
            user.is_staff = staff
            if change:
                form.audit_extra_fields = ["is_staff"]
        form.audit_replaced_fields = ["groups"]
        form.audit_extra_fields = [
            *getattr(form, "audit_extra_fields", ()),
            *services.group_change_fields(added, removed),
        ]

    def _send_reset(self, request, user) -> bool:
        try:
            services.password_reset_send(actor=request.user, user=user, request=request)
        except (ValidationError, PermissionDenied) as error:
            reason = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            self.message_user(request, f"{user.get_username()}: {reason or _('refused')}", messages.ERROR)
            return False
        return True

    @admin.action(description=_("Send a password-reset link"), permissions=["change"])
    def send_password_reset(self, request, queryset):
        sent = sum(self._send_reset(request, user) for user in queryset)
        if sent:
            self.message_user(
                request,
                ngettext(
                    "A password-reset link was sent to %(count)d user.",
                    "A password-reset link was sent to %(count)d users.",
                    sent,
                )
                % {"count": sent},
                messages.SUCCESS,
            )

    def response_add(self, request, obj, post_url_continue=None):
        # After the creation is logged: the link is the new user's only way to a password.
        if self._send_reset(request, obj):
            self.message_user(request, _("A link to choose a password was sent to the new user's e-mail address."))
        return super().response_add(request, obj, post_url_continue)

    def user_change_password(self, request, id, form_url=""):
        # Nobody sets another user's password: a reset link goes to the user instead.
        access.password_set_check(request.user, id)
        return redirect("password_change")


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(ReadOnlyAdmin, DjangoGroupAdmin):
    """Read-only for everyone: the groups are the roles, synced from haven/accounts/roles.py."""


class ApiTokenAddForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ("name", "expires_at")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "expires_at" not in self.fields:
            return  # the read-only view of an issued token
        self.fields["expires_at"].initial = token_expiry_default
        self.fields["expires_at"].help_text = _("At most %(days)s days from now.") % {"days": token_days()}

    def clean_expires_at(self):
        expires_at = self.cleaned_data["expires_at"]
        if expires_at <= timezone.now():
            raise ValidationError(_("Choose a moment in the future."))
        if expires_at > token_expiry_default() + datetime.timedelta(minutes=1):
            raise ValidationError(_("A token lives at most %(days)s days.") % {"days": token_days()})
        return expires_at


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """The administrator sees every token and revokes any; a token added here is issued to
    the logged-in user (there is no user field). Tokens are never deleted: kept for the record."""

    list_display = ("prefix", "name", "user", "created_at", "last_used_at", "expires_at", "revoked_at", "revoked_by")
    list_filter = ("revoked_at", "expires_at")
    search_fields = ("=prefix", "name", "user__username")
    list_select_related = ("user", "revoked_by")
    form = ApiTokenAddForm
    fields = ("name", "expires_at")
    readonly_fields = ("prefix", "user", "created_at", "last_used_at", "revoked_at", "revoked_by")
    actions = ("revoke",)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("name", "expires_at")
        return ("prefix", "name", "user", "created_at", "last_used_at", "expires_at", "revoked_at", "revoked_by")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_revoke_permission(self, request):
        return access.tokens_revoke_any(request.user)

    def save_model(self, request, obj, form, change):
        token, key = services.api_token_create(user=request.user, name=obj.name, expires_at=obj.expires_at)
        obj.__dict__.update({name: value for name, value in token.__dict__.items() if name != "_state"})
        obj._state.adding, obj._state.db = False, token._state.db
        # Shown once; only the digest is kept.
        messages.warning(request, _("The token is %(key)s. Copy it now: it is not shown again.") % {"key": key})

    @admin.action(description=_("Revoke the selected tokens"), permissions=["revoke"])
    def revoke(self, request, queryset):
        revoked = sum(services.api_token_revoke(token=token, actor=request.user) for token in queryset)
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", revoked) % {"count": revoked},
            messages.SUCCESS,
        )

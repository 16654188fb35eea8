from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import ApiToken, User, token_digest


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "first_name", "last_name", "is_active", "last_login")
    list_filter = ("groups", "is_active", "is_staff")

    def get_readonly_fields(self, request, obj=None):
        # A functional administrator gives roles (groups); only a superuser may hand
        # out superuser rights or loose permissions, so nobody can raise their own.
        if request.user.is_superuser:
            return ()
        return ("is_superuser", "user_permissions", "last_login", "date_joined")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "name", "user", "created_at", "last_used_at", "expires_at")
    fields = ("user", "name", "expires_at")
    list_select_related = ("user",)

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        key = ApiToken.new_key()
        obj.digest, obj.prefix = token_digest(key), key[:8]
        super().save_model(request, obj, form, change)
        # Shown once; only the digest is kept.
        messages.warning(request, _("The token is %(key)s. Copy it now: it is not shown again.") % {"key": key})

from django.contrib import admin

from haven.core.models import AccessLogEntry, AuditEntry, District, Language


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "active")
    list_filter = ("active",)
    search_fields = ("code",)

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: people refer to languages


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("name", "postal_codes")
    search_fields = ("name", "postal_codes")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never added, changed or deleted in the admin, by anybody."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(ReadOnlyAdmin):
    """Read-only: the access log is append-only for everybody, administrators included."""

    list_display = ("at", "user", "person_id", "action", "purpose", "channel", "page", "break_glass")
    list_filter = ("action", "purpose", "channel", "break_glass")
    search_fields = ("=person_id", "user__username")
    list_select_related = ("user",)
    date_hierarchy = "at"


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Read-only like the access log: the audit trail is append-only for everybody."""

    list_display = ("at", "actor", "action", "target_type", "target_id", "target_label")
    list_filter = ("action", "target_type", "channel")
    search_fields = ("actor__username", "target_label", "=target_id")
    list_select_related = ("actor",)
    date_hierarchy = "at"

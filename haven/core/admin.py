from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from haven.core import reference
from haven.core.models import AccessLogEntry, AuditEntry, District, Language


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    """The languages the agency works in: tick "the agency works in it" to offer a language
    first in every list and for interpreting, courses and translations (core.languages)."""

    list_display = ("code", "name", "english_name", "active")
    list_editable = ("active",)
    list_filter = ("active",)
    ordering = ("-active", "code")
    search_fields = ("code",)
    list_per_page = 250

    @admin.display(description=_("name in English"))
    def english_name(self, obj: Language) -> str:
        return reference.language_name(obj.code, "en")

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj else ()

    def get_search_results(self, request, queryset, search_term):
        """By code, or by a name in Dutch or English ("koerd", "persian")."""
        found, duplicates = super().get_search_results(request, queryset, search_term)
        term = reference.fold(search_term.strip())
        if term:
            codes = [
                code
                for code in queryset.values_list("code", flat=True)
                if term in reference.language_search_terms(code)
            ]
            found = found | queryset.filter(code__in=codes)
        return found, duplicates

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


class LogAdmin(ReadOnlyAdmin):
    """The logs are read on Haven's own pages (the audit trail, a file's access history),
    one file or one filter at a time; browsing them whole in the admin is the superuser's."""

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(LogAdmin):
    """Read-only: the access log is append-only for everybody, administrators included."""

    list_display = ("at", "user", "person_id", "action", "purpose", "channel", "page", "break_glass")
    list_filter = ("action", "purpose", "channel", "break_glass")
    search_fields = ("=person_id", "user__username")
    list_select_related = ("user",)
    date_hierarchy = "at"


@admin.register(AuditEntry)
class AuditEntryAdmin(LogAdmin):
    """Read-only like the access log: the audit trail is append-only for everybody."""

    list_display = ("at", "actor", "action", "target_type", "target_id", "target_label")
    list_filter = ("action", "target_type", "channel")
    search_fields = ("actor__username", "target_label", "=target_id")
    list_select_related = ("actor",)
    date_hierarchy = "at"

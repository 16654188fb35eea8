"""Haven's admin site: every ModelAdmin registered on it writes the audit trail.

``HavenAdminSite.register`` puts ``AuditedAdminMixin`` in front of each ModelAdmin, so
each app's ``@admin.register`` (reference data, users, tokens, Django's groups) is
audited without that app doing anything: additions, changes (the names of the changed
fields, inline rows included) and deletions, with the logged-in user as actor.
Django's own ``django_admin_log`` is still written for the admin's "recent actions",
but it is not the record: it is not in the admin and the audit trail is.
"""

from django.contrib import admin
from django.contrib.admin.sites import AdminSite


def _formset_fields(formsets) -> list[str]:
    """Names like ``site:+``, ``site.name``, ``site:-`` for changed inline rows."""
    fields = []
    for formset in formsets or ():
        model_name = formset.model._meta.model_name
        if getattr(formset, "new_objects", None):
            fields.append(f"{model_name}:+")
        for _obj, changed in getattr(formset, "changed_objects", None) or ():
            fields.extend(f"{model_name}.{name}" for name in changed)
        if getattr(formset, "deleted_objects", None):
            fields.append(f"{model_name}:-")
    return fields


class AuditedAdminMixin:
    """Writes an audit entry for each addition, change and deletion made in the admin."""

    def audit_fields(self, request, form, formsets, add: bool) -> list[str]:
        extra = list(getattr(form, "audit_extra_fields", ()))
        skip = set(getattr(form, "audit_replaced_fields", ()))
        names = [name for name in form.changed_data if name not in skip]
        return names + extra + _formset_fields(formsets)

    def construct_change_message(self, request, form, formsets, add=False):
        # Called right before log_addition/log_change with the saved object as form.instance.
        form.instance._audit_fields = self.audit_fields(request, form, formsets, add)
        return super().construct_change_message(request, form, formsets, add)

    def _audit(self, request, obj, action: str) -> None:
        if getattr(obj, "_audit_written", False):
            return  # a service already wrote it (e.g. a token issued)
        from haven.accounts.services import audit

        audit(actor=request.user, action=action, target=obj, fields=getattr(obj, "_audit_fields", ()))

    def log_addition(self, request, obj, message):
        self._audit(request, obj, "create")
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self._audit(request, obj, "update")
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        from haven.accounts.services import audit

        for obj in queryset:
            audit(actor=request.user, action="delete", target=obj)
        return super().log_deletions(request, queryset)


class HavenAdminSite(AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, AuditedAdminMixin):
            admin_class = type(
                admin_class.__name__,
                (AuditedAdminMixin, admin_class),
                {
                    "__module__": admin_class.__module__,
                    "__doc__": admin_class.__doc__,
                },
            )
        return super().register(model_or_iterable, admin_class, **options)

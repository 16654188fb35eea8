"""Which models the retention registry must know: a model with a relation to a person, or a
field that names, numbers or contacts someone, or a file (``retention_undeclared``)."""

from __future__ import annotations

from django.apps import apps
from django.db import models

from haven.core.retention import retention_exemptions, retention_for

# Field names that hold a person's identity, contact data or free text about someone.
PERSONAL_NAMES = frozenset(
    {
        "given_names",
        "family_name",
        "first_name",
        "last_name",
        "full_name",
        "native_given_names",
        "native_family_name",
        "contact_name",
        "contact_person",
        "email",
        "contact_email",
        "phone",
        "contact_phone",
        "mobile",
        "national_number",
        "street",
        "address",
        "birth_date",
        "iban",
        "notes",
        "note",
    }
)
PERSON_MODEL = "people.Person"


def _person_model() -> type[models.Model]:
    return apps.get_model(PERSON_MODEL)


def _relations(model: type[models.Model]) -> list[models.Field]:
    return [
        field
        for field in model._meta.get_fields()
        if field.is_relation and field.concrete and (field.many_to_one or field.one_to_one or field.many_to_many)
    ]


def _points_to_person(model: type[models.Model]) -> bool:
    person = _person_model()
    return any(field.related_model is person for field in _relations(model))


def _owned_by_personal(model: type[models.Model]) -> bool:
    """A record that belongs to a record about a person (deleted with it): an attendance of
    an enrolment, a timesheet of an assignment."""
    for field in _relations(model):
        if not (field.many_to_one or field.one_to_one):
            continue
        remote = getattr(field, "remote_field", None)
        if remote is None or remote.on_delete is not models.CASCADE:
            continue
        related = field.related_model
        if isinstance(related, type) and related is not model and _points_to_person(related):
            return True
    return False


def why_personal(model: type[models.Model]) -> str:
    """Why the registry must know ``model`` ("" when it need not)."""
    if model._meta.label == PERSON_MODEL:
        return "the registry itself"
    if _points_to_person(model):
        return "a relation to a person"
    if _owned_by_personal(model):
        return "belongs to a record about a person"
    for field in model._meta.concrete_fields:
        if isinstance(field, models.FileField):
            return f"a file ({field.name})"
        if field.name in PERSONAL_NAMES:
            return f"a personal field ({field.name})"
    return ""


def retention_undeclared(app_labels: set[str] | None = None) -> dict[str, str]:
    """``{model label: why}`` for every model that needs a declaration and has none."""
    exempt = retention_exemptions()
    missing = {}
    for model in apps.get_models():
        meta = model._meta
        if app_labels is not None and meta.app_label not in app_labels:
            continue
        if not meta.label.startswith(tuple(f"{label}." for label in _haven_apps())):
            continue
        if retention_for(model) is not None or meta.label.lower() in exempt:
            continue
        why = why_personal(model)
        if why:
            missing[meta.label] = why
    return missing


def _haven_apps() -> list[str]:
    return [config.label for config in apps.get_app_configs() if config.name.startswith("haven.")]

"""Item 1: every model that holds something about a person is declared in the retention
registry, and every declaration is one the engine can apply."""

import pytest
from django.db import models

from haven.core.retention import erased_value, retention_exemptions, retentions
from haven.privacy.registry_check import retention_undeclared


def test_every_model_with_personal_data_is_declared_or_exempted_with_a_reason():
    assert retention_undeclared() == {}
    assert all(str(why).strip() for why in retention_exemptions().values())


@pytest.mark.parametrize("declaration", retentions(), ids=lambda declaration: declaration.key)
def test_each_declaration_names_real_fields_a_start_date_and_a_legal_default(declaration):
    model = declaration.model_class
    assert isinstance(declaration.start_field(), models.DateField), "the period starts at a date or time"
    assert declaration.years > 0 and str(declaration.legal).strip()
    for lookup in declaration.persons:
        target = model
        for part in lookup.split("__"):
            field = target._meta.get_field(part)
            target = field.related_model or target
        assert target._meta.label == "people.Person", f"{lookup} does not lead to a person"
    for name in declaration.erase:
        field = model._meta.get_field(name)
        if name != declaration.pseudonym:
            erased_value(field)  # raises when the field cannot be emptied
    assert declaration.kind in {"personal", "pseudonymous"}
    assert not (declaration.delete and declaration.erase), "either delete the record or empty fields"


def test_the_check_finds_an_undeclared_model(monkeypatch):
    from haven.core import retention

    monkeypatch.setattr(retention, "_REGISTRY", {k: v for k, v in retention._REGISTRY.items() if k != "people.person"})
    assert "people.Person" in retention_undeclared({"people"})

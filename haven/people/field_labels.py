"""The names of a person file's fields as its reader reads them. The access log keeps the
*names* of the fields a write changed (``birth_date``, ``nt2_tests``), never values and
never a label, since its readers read other languages; the access history turns each name
into the model's verbose name in the reader's language.

A name is a field of the person (``birth_date`` → "date of birth"), a record hanging off
the person or off one of its records by its related name (``nt2_tests``, ``pauses`` → the
model's plural), or a field of such a record (the integration facts, the contract). The
names come from Django's model graph around ``Person``, so ``people`` names no service
line; a few names the registry writes itself (the household) are declared here."""

from functools import cache

from django.db.models import Model
from django.db.models.fields.reverse_related import ForeignObjectRel
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from haven.people.models import Person

# Names written by the registry's services that are no field of a model.
OWN_NAMES: dict[str, Promise] = {
    "children": _("children"),
    "parents": _("parents"),
    # The privacy officer's decisions on a request (haven.privacy.requests, anonymise).
    "restriction": _("restriction of processing"),
    "erasure": _("erasure"),
}


def _names_of(model: type[Model]) -> dict[str, Promise | str]:
    names: dict[str, Promise | str] = {}
    for field in model._meta.get_fields():
        if isinstance(field, ForeignObjectRel):
            name = field.get_accessor_name()
            related = field.related_model._meta
            label = related.verbose_name if field.one_to_one else related.verbose_name_plural
        else:
            name, label = field.name, getattr(field, "verbose_name", field.name)
        if name and label and not name.endswith("+"):
            names.setdefault(name, label)
    return names


@cache
def labels() -> dict[str, Promise | str]:
    """Name → lazy label: the person's own names first, then its records' (one and two steps away)."""
    labels: dict[str, Promise | str] = dict(OWN_NAMES)
    for name, label in _names_of(Person).items():
        labels.setdefault(name, label)
    near = [rel.related_model for rel in Person._meta.related_objects]
    further = [rel.related_model for model in near for rel in model._meta.related_objects]
    for model in [*near, *further]:
        for name, label in _names_of(model).items():
            labels.setdefault(name, label)
    return labels


def field_label(name: str) -> str:
    """The label of a logged field name in the active language; the name itself if unknown."""
    return str(labels().get(name, name))


def field_labels(names: list[str]) -> list[str]:
    return [field_label(name) for name in names]

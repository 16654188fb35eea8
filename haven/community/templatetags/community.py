"""Filters of the community pages: a matching profile's codes in words."""

from django import template

from haven.community.models import Interest, slot_label

register = template.Library()


@register.filter
def interest_labels(codes) -> str:
    labels = dict(Interest.choices)
    return ", ".join(str(labels.get(code, code)) for code in codes or ())


@register.filter
def slot_labels(codes) -> str:
    return ", ".join(str(slot_label(code)) for code in codes or ())

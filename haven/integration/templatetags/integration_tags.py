"""Small presentation helpers of the civic-integration pages."""

from django import template
from django.utils.html import format_html

from haven.integration.explanation import STATUS_KEYS
from haven.integration.models import TargetGroupStatus

register = template.Library()


@register.simple_tag
def status_badge(value: str):
    """The target-group status as a coloured badge (its translated label)."""
    if value not in TargetGroupStatus.values:
        return ""
    status = TargetGroupStatus(value)
    return format_html('<span class="badge status-{}">{}</span>', STATUS_KEYS[status], status.label)


@register.filter
def person_name(person) -> str:
    """FAMILY NAME Given names, as the registry shows people."""
    return f"{person.family_name.upper()} {person.given_names}" if person else ""


@register.filter
def user_name(user) -> str:
    return (user.get_full_name() or user.username) if user else "—"

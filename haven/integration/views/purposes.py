"""Addresses of the civic-integration records that carry the purpose they are opened for."""

from django.urls import reverse

from haven.people.purpose import with_purpose


def registration_url(registration_id: int, purpose: str) -> str:
    return with_purpose(reverse("integration:registration", args=[registration_id]), purpose)


def contract_url(contract_id: int, purpose: str) -> str:
    return with_purpose(reverse("integration:contract", args=[contract_id]), purpose)

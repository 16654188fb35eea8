"""The organisations API's schemas; every name is prefixed (``Org``) to stay unique in
the whole API's OpenAPI components."""

from datetime import date
from decimal import Decimal

from ninja import Field, Schema

from haven.core.api import PageMeta, PersonRef
from haven.organisations.models import (
    AmbassadorTheme,
    Audience,
    RecognitionStatus,
    SupportKind,
    TestimonyState,
    TrainingTopic,
)


class OrgPartnerIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    contact_name: str = Field("", max_length=200)
    contact_email: str = Field("", max_length=254)
    contact_phone: str = Field("", max_length=40)
    address: str = Field("", max_length=300)
    active: bool = True


class OrgPartnerOut(OrgPartnerIn):
    id: int


class OrgPartnerPage(PageMeta):
    items: list[OrgPartnerOut]


class OrgTrainingIn(Schema):
    topic: TrainingTopic
    title: str = Field(min_length=1, max_length=200)
    organisation_id: int
    trainer_id: int
    held_on: date
    hours: Decimal = Field(gt=0, max_digits=4, decimal_places=1)
    participants: int = Field(0, ge=0)
    note: str = ""


class OrgTrainingOut(OrgTrainingIn):
    id: int
    organisation: str


class OrgTrainingPage(PageMeta):
    items: list[OrgTrainingOut]


class OrgAmbassadorIn(Schema):
    themes: list[AmbassadorTheme] = Field(min_length=1)
    weekdays: list[int] = Field(default_factory=list, description="0 (Monday) to 6 (Sunday).")
    travels_outside_ghent: bool = False
    trained_on: date | None = None
    certified_on: date | None = None
    stopped_on: date | None = None
    consent_given_on: date
    consent_text_version: str = Field(min_length=1, max_length=20)
    consent_withdrawn_on: date | None = None
    note: str = ""


class OrgAmbassadorOut(OrgAmbassadorIn):
    id: int
    person: PersonRef
    languages: list[str] = Field(description="The person's languages (ISO 639-3).")
    testimonies_given: int = 0


class OrgAmbassadorPage(PageMeta):
    items: list[OrgAmbassadorOut]


class OrgTestimonyIn(Schema):
    requester: str = Field(min_length=1, max_length=200)
    contact_name: str = Field("", max_length=200)
    contact_email: str = Field("", max_length=254)
    received_on: date
    held_on: date
    place: str = Field(min_length=1, max_length=200)
    outside_ghent: bool = False
    audience: Audience
    theme: AmbassadorTheme
    language: str | None = Field(None, description="ISO 639-3; empty for Dutch.")
    listeners: int = Field(0, ge=0)
    note: str = ""


class OrgTestimonyOut(OrgTestimonyIn):
    id: int
    state: TestimonyState
    ambassador_id: int | None
    ambassador: PersonRef | None
    allowance: Decimal | None
    allowance_paid_on: date | None


class OrgTestimonyPage(PageMeta):
    items: list[OrgTestimonyOut]


class OrgProposeIn(Schema):
    ambassador_id: int


class OrgGiveIn(Schema):
    allowance: Decimal | None = Field(None, ge=0, max_digits=7, decimal_places=2)


class OrgPayIn(Schema):
    allowance: Decimal = Field(gt=0, max_digits=7, decimal_places=2)
    allowance_paid_on: date


class OrgCancelIn(Schema):
    note: str = Field("", max_length=500)


class OrgProposalOut(Schema):
    ambassador_id: int
    person: PersonRef
    score: int
    matches: list[str]
    misses: list[str]
    recent_testimonies: int


class OrgAssociationIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    enterprise_number: str = Field("", max_length=20, description="0403.170.701 or BE0403170701; kept compact.")
    recognition: RecognitionStatus = RecognitionStatus.NOT_RECOGNISED
    contact_name: str = Field("", max_length=200)
    contact_email: str = Field("", max_length=254)
    contact_phone: str = Field("", max_length=40)
    women_focus: bool = False
    note: str = ""


class OrgAssociationOut(OrgAssociationIn):
    id: int


class OrgAssociationPage(PageMeta):
    items: list[OrgAssociationOut]


class OrgSupportContactIn(Schema):
    kind: SupportKind
    held_on: date
    staff_id: int
    subject: str = Field(min_length=1, max_length=300)


class OrgSupportContactOut(OrgSupportContactIn):
    id: int
    association_id: int
    association: str


class OrgSupportContactPage(PageMeta):
    items: list[OrgSupportContactOut]


class OrgNetworkEventIn(Schema):
    held_on: date
    title: str = Field(min_length=1, max_length=200)
    location: str = Field("", max_length=200)
    association_ids: list[int] = Field(default_factory=list)
    participants: int = Field(0, ge=0)
    note: str = ""


class OrgNetworkEventOut(OrgNetworkEventIn):
    id: int


class OrgNetworkEventPage(PageMeta):
    items: list[OrgNetworkEventOut]

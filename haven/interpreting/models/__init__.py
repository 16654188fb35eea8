"""Social interpreting and translation: partners and agreements, interpreters, requests and their
dispatch, performance sheets and invoices, translation orders and the translation library.

Every model module is imported here so that Django registers it; the names stay importable from
``haven.interpreting.models`` (the migrations refer to ``validate_enterprise_number``,
``validate_modalities`` and ``_ical_token`` by that path).
"""

from haven.interpreting.models.billing import (
    Invoice,
    InvoiceKind,
    InvoiceLine,
    LineKind,
    Tariff,
    Timesheet,
    TimesheetStatus,
)
from haven.interpreting.models.choices import Modality, Sector, Sex
from haven.interpreting.models.interpreters import (
    Absence,
    Availability,
    Interpreter,
    InterpreterLanguage,
    _ical_token,
    validate_modalities,
)
from haven.interpreting.models.organisations import (
    Agreement,
    AgreementStatus,
    Organisation,
    PartnerContact,
    Site,
    agreements_in_force,
    validate_enterprise_number,
)
from haven.interpreting.models.requests import (
    Assignment,
    AssignmentStatus,
    DispatchRun,
    InterpretingRequest,
    RequestKind,
    RequestStatus,
)
from haven.interpreting.models.translations import LibraryDocument, TranslationKind, TranslationOrder, TranslationStatus
from haven.interpreting.models.zones import TravelTime, Zone

__all__ = [
    "Absence",
    "Agreement",
    "AgreementStatus",
    "Assignment",
    "AssignmentStatus",
    "Availability",
    "DispatchRun",
    "Interpreter",
    "InterpreterLanguage",
    "InterpretingRequest",
    "Invoice",
    "InvoiceKind",
    "InvoiceLine",
    "LibraryDocument",
    "LineKind",
    "Modality",
    "Organisation",
    "PartnerContact",
    "RequestKind",
    "RequestStatus",
    "Sector",
    "Sex",
    "Site",
    "Tariff",
    "Timesheet",
    "TimesheetStatus",
    "TranslationKind",
    "TranslationOrder",
    "TranslationStatus",
    "TravelTime",
    "Zone",
    "_ical_token",
    "agreements_in_force",
    "validate_enterprise_number",
    "validate_modalities",
]

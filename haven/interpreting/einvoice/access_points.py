"""Peppol access points: Haven hands an e-invoice to the access point it is configured with
(``settings.HAVEN_PEPPOL_ACCESS_POINT``, a dotted path to a class) and records the reference
the access point gives back.

An adapter is a class with ``send(message: Outgoing) -> Delivery`` that raises
``AccessPointError`` with a reason when the access point refuses or cannot be reached; the
constructor takes no arguments and reads what it needs (an address, a key) from settings.
Most commercial Belgian access points take the UBL document over HTTPS with a key and return
a message id; their adapter posts ``message.document`` and returns that id. Haven ships:

- ``FileDropAccessPoint`` — writes ``<number>.xml`` into ``settings.HAVEN_PEPPOL_DROP_DIR``
  (written under a temporary name, then renamed, so a collector never reads half a file).
  The demo uses it; it also serves an access point that collects documents from a folder
  (SFTP or a shared drive).
"""

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class AccessPointError(Exception):
    """The access point did not take the document; the message says why (no personal data)."""


@dataclass(frozen=True)
class Outgoing:
    number: str  # the invoice number, unique
    receiver_scheme: str
    receiver_id: str
    document: bytes  # the UBL invoice


@dataclass(frozen=True)
class Delivery:
    reference: str  # what the access point calls the message (an id, a file name)


class AccessPoint(Protocol):
    def send(self, message: Outgoing) -> Delivery: ...


class FileDropAccessPoint:
    """Writes each document as ``<invoice number>.xml`` into the drop folder."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = Path(folder or settings.HAVEN_PEPPOL_DROP_DIR)

    def send(self, message: Outgoing) -> Delivery:
        name = f"{message.number}.xml"
        if not name.replace("-", "").removesuffix(".xml").isalnum():
            raise AccessPointError(f"Not a file name for invoice {message.number!r}.")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".part")
            with os.fdopen(handle, "wb") as file:
                file.write(message.document)
            os.replace(temporary, self.folder / name)
        except OSError as error:
            raise AccessPointError(f"The drop folder cannot be written: {error.strerror}.") from error
        return Delivery(reference=name)


def access_point() -> AccessPoint:
    """The configured adapter."""
    return import_string(settings.HAVEN_PEPPOL_ACCESS_POINT)()

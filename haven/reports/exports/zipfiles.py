"""Zip archives with the same bytes for the same content: every entry gets the document's
fixed date (``cells.document_moment``), the same permissions and compression, in the order
given (zipfile stamps the current time otherwise; an .xlsx is such an archive too)."""

import io
import zipfile
from collections.abc import Iterable
from datetime import datetime


def zip_entries(entries: Iterable[tuple[str, bytes]], *, moment: datetime) -> bytes:
    """An archive of ``(name, content)`` entries, each dated ``moment``."""
    buffer = io.BytesIO()
    stamp = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
    return buffer.getvalue()


def zip_restamped(content: bytes, *, moment: datetime) -> bytes:
    """The archive ``content`` written again with every entry dated ``moment``."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        entries = [(info.filename, archive.read(info)) for info in archive.infolist()]
    return zip_entries(entries, moment=moment)

"""The annual report as JSON: the document itself (haven.reports.document), which holds only
JSON types: titles, headings and labels in its language, the figures as numbers, hidden
cells of a published edition as null with their places in ``suppressed``.

Keys keep the document's order, text stays unescaped (ë, not \\u00eb), and nothing is
added, so the same document gives the same bytes.
"""

import json
from typing import Any


def render_json(document: dict[str, Any]) -> bytes:
    """The document as UTF-8 JSON, indented, with a final line break."""
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

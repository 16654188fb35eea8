"""The annual report's charts: server-side SVG made from a report document.

``document_charts(document)`` adds to each section of a document (haven.reports.document) a
list ``section["charts"]`` of ``{"title", "svg", "headings", "rows"}``: the SVG to inline in
the page and the PDF, and its figures as a table for screen readers
(``reports/_charts.html``). Charts are drawn with pygal (pure Python, no JavaScript, no
fonts measured), from the document alone, so the same document gives the same bytes: a
frozen edition is drawn again byte for byte.

pygal's SVG is made fit to inline before it is kept (``_inline``): its stylesheet becomes
presentation attributes (the page's Content-Security-Policy refuses inline styles, and
WeasyPrint draws attributes as well), and its script, tooltips, comments (one carries the
day's date), random ids and per-value titles are left out.
"""

import itertools
import math
from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree

import cssselect2
import pygal
import tinycss2
from django.utils import formats, translation
from django.utils.translation import gettext as _
from pygal.etree import etree as pygal_etree
from pygal.style import Style

from haven.reports.document import row_name

# pygal writes with lxml when it can import it (a test dependency here) and with the standard
# library otherwise: the two serialise differently, so the standard library's, always.
pygal_etree.to_etree()

WIDTH = 800  # the viewBox's width: ~170 mm of A4 in print, at most 50rem on screen
INK = "#1c2430"
GUIDE = "#c9d1db"
# Okabe & Ito's colour-blind safe palette, the colours with at least 3:1 against white first;
# the year drawn is blue, the year before orange, which stay apart in grey print too.
YEAR_COLOUR, PREVIOUS_COLOUR = "#0072B2", "#E69F00"
LINE_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#000000")
LINE_DASHES = ("", "8,4", "2,3", "8,3,2,3", "12,4", "4,4")  # told apart without colour too
PRESENTATION = {
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-width",
    "stroke-opacity",
    "stroke-dasharray",
    "stroke-linecap",
    "stroke-linejoin",
    "opacity",
    "font-family",
    "font-size",
    "font-weight",
    "text-anchor",
    "display",
    "visibility",
}

Chart = dict[str, Any]


def document_charts(document: dict[str, Any]) -> None:
    """Add ``charts`` to every section of ``document`` (an empty list where none is drawn, or
    where the section has no rows)."""
    language = document.get("language") or translation.get_language() or "nl"
    with translation.override(language):
        for section in document.get("sections", []):
            build = CHARTS.get(section.get("key", ""))
            charts = build(section, document) if build and section.get("rows") else []
            for chart in charts:
                chart["svg"] = _draw(chart.pop("drawing"), chart["title"])
            section["charts"] = charts


# --- the figures of a section --------------------------------------------------------------


def _figure(value: Any) -> int | float | None:
    """A figure to draw: a number, or None (a suppressed or missing figure is not drawn)."""
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def _label(section: dict[str, Any], index: int) -> str:
    """A row's label in the document's language: the document's own, else the row's first
    words (a ranked row starts with its rank)."""
    labels = section.get("labels") or []
    label = labels[index] if index < len(labels) else None
    if isinstance(label, str):
        return label
    return str(row_name(section["rows"][index]))


def _label_column(section: dict[str, Any]) -> int:
    """The column that names the rows: the first, or the first of words (after a rank)."""
    first = section["rows"][0] if section["rows"] else []
    return next((index for index, cell in enumerate(first) if isinstance(cell, str)), 0)


def _series(section: dict[str, Any], columns: list[str]) -> list[tuple[str, list[Any]]]:
    """The named columns as series: each column's heading and its cells, row by row."""
    found = []
    for column in columns:
        if column not in section["columns"]:
            continue
        index = section["columns"].index(column)
        headings = section.get("headings") or section["columns"]
        heading = headings[index] if index < len(headings) else column
        found.append((str(heading), [row[index] if index < len(row) else None for row in section["rows"]]))
    return found


def _chart(
    section: dict[str, Any], columns: list[str], *, kind: str, title: str | None = None, colours: tuple[str, ...] = ()
) -> list[Chart]:
    """A chart of ``columns`` per row of the section, and its table (the rows' labels, then
    each column's cells as the section has them)."""
    series = _series(section, columns)
    if not series:
        return []
    labels = [_label(section, index) for index in range(len(section["rows"]))]
    headings = section.get("headings") or section["columns"]
    named = _label_column(section)
    return [
        {
            "title": title or str(section.get("title", "")),
            "headings": [str(headings[named]) if named < len(headings) else "", *[name for name, _cells in series]],
            "rows": [[label, *[cells[index] for _name, cells in series]] for index, label in enumerate(labels)],
            "drawing": {"kind": kind, "labels": labels, "series": series, "colours": colours},
        }
    ]


def _two_years(document: dict[str, Any], prefix: str = "") -> list[str]:
    year = int(document["year"])
    return [f"{prefix}{year - 1}", f"{prefix}{year}"]


def settled_by_status(section: dict[str, Any], document: dict[str, Any]) -> list[Chart]:
    return _chart(section, [str(document["year"])], kind="bar", colours=(YEAR_COLOUR,))


def top_nationalities(section: dict[str, Any], document: dict[str, Any]) -> list[Chart]:
    return _chart(section, _two_years(document), kind="horizontal", colours=(PREVIOUS_COLOUR, YEAR_COLOUR))


def orientation_by_language(section: dict[str, Any], document: dict[str, Any]) -> list[Chart]:
    """Courses and participants per language, each beside the year before: their scales
    differ tenfold, so two charts."""
    colours = (PREVIOUS_COLOUR, YEAR_COLOUR)
    return [
        *_chart(
            section,
            _two_years(document, "courses_"),
            kind="horizontal",
            title=_("Courses per language"),
            colours=colours,
        ),
        *_chart(
            section,
            _two_years(document, "participants_"),
            kind="horizontal",
            title=_("Participants per language"),
            colours=colours,
        ),
    ]


def interpreting_hours(section: dict[str, Any], document: dict[str, Any]) -> list[Chart]:
    return _chart(section, ["hours"], kind="horizontal", colours=(YEAR_COLOUR,))


def users_by_sector(section: dict[str, Any], document: dict[str, Any]) -> list[Chart]:
    return _chart(
        section, ["interpreting_users", "translation_users"], kind="horizontal", colours=(YEAR_COLOUR, "#D55E00")
    )


def monthly_flows(section: dict[str, Any], document: dict[str, Any]) -> list[Chart]:
    """A line per flow over the months: the table is the section's own (a row per flow)."""
    months = [column for column in section["columns"] if column.isdigit()]
    headings = section.get("headings") or section["columns"]
    month_names = [str(headings[section["columns"].index(month)]) for month in months]
    flows = [_label(section, index) for index in range(len(section["rows"]))]
    series = [
        (flow, [row[section["columns"].index(month)] for month in months])
        for flow, row in zip(flows, section["rows"], strict=True)
    ]
    return [
        {
            "title": str(section.get("title", "")),
            "headings": [str(headings[0]) if headings else "", *month_names],
            "rows": [[flow, *cells] for flow, cells in series],
            "drawing": {"kind": "line", "labels": month_names, "series": series, "colours": LINE_COLOURS},
        }
    ]


CHARTS: dict[str, Callable[[dict[str, Any], dict[str, Any]], list[Chart]]] = {
    "newcomers_settled_by_status": settled_by_status,
    "newcomers_top20_nationalities": top_nationalities,
    "civic_orientation_by_language": orientation_by_language,
    "interpreting_hours": interpreting_hours,
    "interpreting_users_by_sector": users_by_sector,
    "monthly_flows": monthly_flows,
}


# --- drawing -------------------------------------------------------------------------------


def number(value: float) -> str:
    """A figure in the active language's format (Belgian Dutch: 4.742; a whole number
    without decimals, as pygal's axis gives floats)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(formats.number_format(value, use_l10n=True, force_grouping=True))


def _style(colours: tuple[str, ...], *, stroke_width: float = 1) -> Style:
    return Style(
        stroke_width=str(stroke_width),
        background="#ffffff",
        plot_background="#ffffff",
        foreground=INK,
        foreground_strong=INK,
        foreground_subtle=INK,
        guide_stroke_color=GUIDE,
        major_guide_stroke_color=GUIDE,
        font_family='system-ui, "Segoe UI", Roboto, "DejaVu Sans", sans-serif',
        label_font_size=14,
        major_label_font_size=14,
        legend_font_size=14,
        value_font_size=12,
        title_font_size=16,
        no_data_font_size=24,
        opacity="1",
        opacity_hover="1",
        stroke_opacity="1",
        stroke_opacity_hover="1",
        colors=colours or LINE_COLOURS,
    )


def _drawn(drawing: dict[str, Any]) -> pygal.graph.graph.Graph:
    """The pygal chart of a drawing: bars per row (upright or lying), or a line per series."""
    kind, labels, series = drawing["kind"], drawing["labels"], drawing["series"]
    if kind == "horizontal":  # pygal lays the first row at the bottom: the table's order, top down
        labels, series = labels[::-1], [(name, cells[::-1]) for name, cells in series]
    rows = len(labels)
    config: dict[str, Any] = {
        "width": WIDTH,
        "style": _style(tuple(drawing["colours"]), stroke_width=2.5 if kind == "line" else 1),
        "value_formatter": number,
        "js": [],
        "disable_xml_declaration": True,
        "no_prefix": True,
        "show_legend": len(series) > 1,
        "legend_at_bottom": True,
        "legend_at_bottom_columns": min(len(series), 4),
        "truncate_label": -1,
        "truncate_legend": -1,
        "margin": 8,
        "spacing": 6,
        "no_data_text": _("No figures"),
        "max_scale": 6,
        "min_scale": 3,
    }
    if kind == "line":
        chart = pygal.Line(height=380, include_x_axis=True, dots_size=3, **config)
    elif kind == "horizontal":
        height = 70 + rows * (14 + 14 * len(series)) + (40 if len(series) > 1 else 0)
        chart = pygal.HorizontalBar(
            height=height, print_values=True, print_values_position="top", margin_right=56, **config
        )
    else:
        chart = pygal.Bar(height=340, print_values=True, print_values_position="top", **config)
    chart.x_labels = labels
    chart.y_labels = _ticks(max((_figure(cell) or 0 for _name, cells in series for cell in cells), default=0))
    for index, (name, cells) in enumerate(series):
        dashes = LINE_DASHES[index % len(LINE_DASHES)] if kind == "line" else ""
        chart.add(name, [_figure(cell) for cell in cells], stroke_style={"dasharray": dashes} if dashes else None)
    return chart


def _ticks(maximum: float) -> list[int]:
    """The value axis's marks: whole numbers (figures are counts and hours), in steps of 1, 2
    or 5 times a power of ten, at most six steps, from 0 to the first mark past the largest."""
    step = 1
    for factor in itertools.cycle((2, 2.5, 2)):  # 1, 2, 5, 10, 20, 50, 100, …
        if maximum <= 6 * step:
            break
        step = int(step * factor)
    return list(range(0, max(1, math.ceil(maximum / step)) * step + 1, step))


def _draw(drawing: dict[str, Any], title: str) -> str:
    """The drawing as an SVG element fit to inline (see ``_inline``), an image titled by its
    chart's title for assistive technology (its table gives the figures)."""
    chart = _drawn(drawing)
    chart.add_xml_filter(lambda root: _inline(root, title, lying=drawing["kind"] == "horizontal"))
    return str(chart.render(is_unicode=True))


def _inline(root: ElementTree.Element, title: str, *, lying: bool = False) -> ElementTree.Element:
    """pygal's SVG without its stylesheet (as attributes), script, comments and tooltips.
    ``lying``: bars lying down, whose figures start right after the bar's end."""
    _styles_to_attributes(root)
    if lying:
        for overlay in root.iter("g"):
            if "text-overlay" in (overlay.get("class") or "").split():
                for text in overlay.iter("text"):
                    text.set("text-anchor", "start")
    for parent in list(root.iter()):
        for child in list(parent):
            if _dropped(child) or (child.tag == "title" and parent is not root):
                parent.remove(child)
    root.attrib.pop("id", None)
    root.set("role", "img")
    root.set("aria-label", title)
    root.set("focusable", "false")
    heading = root.find("title")
    if heading is not None:
        heading.text = title
    for element in root.iter():
        if element.get("id", "").startswith("activate-serie"):
            del element.attrib["id"]
        for name in ("class", "style"):
            element.attrib.pop(name, None)
    return root


def _dropped(element: ElementTree.Element) -> bool:
    """What inline SVG leaves out: comments, the script and style, tooltips and the values'
    descriptions (the table says them)."""
    if not isinstance(element.tag, str):  # a comment (pygal's carries the day's date)
        return True
    classes = set((element.get("class") or "").split())
    return element.tag in {"script", "style", "desc", "defs"} or "tooltip-overlay" in classes


def _styles_to_attributes(root: ElementTree.Element) -> None:
    """Apply pygal's stylesheet to the elements it selects as presentation attributes, in
    the cascade's order (specificity, then the sheet's order); hover rules are left out."""
    css = "\n".join(style.text or "" for style in root.iter("style"))
    matcher = cssselect2.Matcher()
    for rule in tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True):
        if rule.type != "qualified-rule":
            continue
        declarations = [
            (declaration.lower_name, tinycss2.serialize(declaration.value).strip())
            for declaration in tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True, skip_comments=True)
            if declaration.type == "declaration" and declaration.lower_name in PRESENTATION
        ]
        for prelude in tinycss2.serialize(rule.prelude).split(","):
            if declarations and prelude.strip() and ":" not in prelude:  # no hover, no empty (the root's)
                for selector in cssselect2.compile_selector_list(prelude):
                    matcher.add_selector(selector, declarations)
    for wrapper in cssselect2.ElementWrapper.from_xml_root(root).iter_subtree():
        matches = matcher.match(wrapper)
        for _specificity, _order, _pseudo, declarations in sorted(matches, key=lambda match: match[:2]):
            for name, value in declarations:
                wrapper.etree_element.set(name, value)

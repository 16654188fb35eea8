"""The reports records of the access matrix's world (tests/access/world.py): a text of the
2019 report's first section, written by the manager, so that the texts' pages are walked
with a real section and version. Keys are the URL parameters' own names."""


def matrix_records(users: dict) -> dict:
    from haven.reports.narrative import narrative_save, narrative_sections

    section = next(iter(narrative_sections()))
    text = narrative_save(
        year=2019,
        section=section,
        text_nl="Het jaar in het kort.",
        text_en="The year in brief.",
        by=users["manager"],
    )
    return {"section": section, "version": text.version}

"""The annual report's tables written by hand: one plain SQL statement per table (GROUP BY,
FILTER, scalar subqueries; PostgreSQL), fetched through the same connection, then put in
the same shape as Haven's tables (labels, ranks, names; no counting in Python).
``bench/report.py`` times each against Haven's section and asserts the figures equal. The
first twelve tables are here, the later ones in ``bench/report_sql_lines.py``."""

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from report_sql_lines import HAND_WRITTEN_LINES

Params = dict[str, Any]


def params(year: int) -> Params:
    """The bounds every statement uses: the year and the one before (dates), and the year
    in local time (timestamps, as Django's ``__year`` on a DateTimeField; ``zone`` for
    their months); ``year`` itself for the columns that hold a year."""
    from django.conf import settings

    zone = ZoneInfo(settings.TIME_ZONE)
    return {
        "year": year,
        "zone": settings.TIME_ZONE,
        "prev_first": date(year - 1, 1, 1),
        "first": date(year, 1, 1),
        "last": date(year, 12, 31),
        "start": datetime(year, 1, 1, tzinfo=zone),
        "end": datetime(year + 1, 1, 1, tzinfo=zone),
    }


def _fetch(sql: str, values: Params) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        return cursor.fetchall()


SETTLED = """
SELECT NULL, count(*), count(DISTINCT NULLIF(nationality, ''))
  FROM people_person WHERE first_registration_date BETWEEN %(first)s AND %(last)s
UNION ALL
SELECT d.status, count(*), NULL
  FROM integration_statusdecision d JOIN people_person p ON p.id = d.person_id
 WHERE d.kind = 'settlement' AND p.first_registration_date BETWEEN %(first)s AND %(last)s
   AND NOT EXISTS (SELECT 1 FROM integration_statusdecision s WHERE s.supersedes_id = d.id)
 GROUP BY d.status
"""


def settled(year: int, values: Params) -> dict:
    from haven.integration.report import STATUSES

    rows = _fetch(SETTLED, values)
    total = next(row for row in rows if row[0] is None)
    counts = {status: count for status, count, _ in rows if status is not None}
    return {
        "columns": ["status", str(year)],
        "rows": [[status.value, counts.get(status.value, 0)] for status in STATUSES],
        "total": {str(year): total[1]},
        "countries": total[2],
    }


TOP20 = """
SELECT nationality,
       count(*) FILTER (WHERE first_registration_date < %(first)s),
       count(*) FILTER (WHERE first_registration_date >= %(first)s) AS current
  FROM people_person
 WHERE first_registration_date BETWEEN %(prev_first)s AND %(last)s AND nationality <> ''
 GROUP BY nationality
HAVING count(*) FILTER (WHERE first_registration_date >= %(first)s) > 0
 ORDER BY current DESC, nationality
 LIMIT 20
"""


def top20(year: int, values: Params) -> dict:
    from haven.core import reference
    from haven.reports.registry import trend

    rows = [
        [rank, reference.country_name(code, "nl"), code, previous, current, trend(previous, current)]
        for rank, (code, previous, current) in enumerate(_fetch(TOP20, values), start=1)
    ]
    return {"columns": ["rank", "nationality_nl", "iso3166", str(year - 1), str(year), "trend"], "rows": rows}


BY_STATUS = """
SELECT status, count(*) FILTER (WHERE {date} < %(first)s), count(*) FILTER (WHERE {date} >= %(first)s)
  FROM {table} WHERE {date} BETWEEN %(prev_first)s AND %(last)s GROUP BY status
"""


def _by_status(table: str, column: str, width: int) -> Callable[[int, Params], dict]:
    def build(year: int, values: Params) -> dict:
        from haven.integration.report import STATUSES

        counts = {row[0]: row[1:] for row in _fetch(BY_STATUS.format(table=table, date=column), values)}
        statuses = [status.value for status in STATUSES[:width]]
        rows = []
        for index, row_year in enumerate((year - 1, year)):
            figures = [counts.get(status, (0, 0))[index] for status in statuses]
            rows.append([row_year, *figures, sum(figures)])
        return {"columns": ["year", *statuses, "totaal"], "rows": rows}

    return build


COUNSELLING = """
WITH taken AS (SELECT counsellor_id, count(*) AS contracts FROM integration_contract
                WHERE signed_on BETWEEN %(first)s AND %(last)s AND counsellor_id IS NOT NULL
                GROUP BY counsellor_id),
     done AS (SELECT c.issued_on - k.signed_on AS days FROM integration_certificate c
                JOIN integration_contract k ON k.id = c.contract_id
               WHERE c.issued_on BETWEEN %(first)s AND %(last)s)
SELECT (SELECT sum(contracts) FROM taken),
       (SELECT sum(p.fte) FROM integration_counsellorprofile p JOIN taken t ON t.counsellor_id = p.user_id),
       (SELECT array_agg(DISTINCT l.language_id) FROM integration_counsellorprofile_languages l
          JOIN integration_counsellorprofile p ON p.id = l.counsellorprofile_id
          JOIN taken t ON t.counsellor_id = p.user_id),
       (SELECT count(*) FROM done), (SELECT sum(days) FROM done)
"""


def counselling(year: int, values: Params) -> dict:
    from haven.core import reference
    from haven.integration.report import COUNSELLING_LABELS, DAYS_PER_MONTH, round_half_up

    contracts, fte, codes, count, days = _fetch(COUNSELLING, values)[0]
    per_counsellor = round_half_up(Decimal(contracts or 0) / fte) if fte else 0
    months = round_half_up(Decimal(days) / DAYS_PER_MONTH / count) if count else 0
    languages = sorted({reference.language_name(code, "nl") for code in codes or []}, key=str.casefold)
    return {
        "columns": ["label", str(year)],
        "rows": [
            [COUNSELLING_LABELS[0], per_counsellor],
            [COUNSELLING_LABELS[1], count],
            [COUNSELLING_LABELS[2], months],
        ],
        "counsellor_languages_nl": languages,
    }


DOSSIERS = """
SELECT kind, count(*) FILTER (WHERE opened_on < %(first)s), count(*) FILTER (WHERE opened_on >= %(first)s)
  FROM integration_diplomadossier WHERE opened_on BETWEEN %(prev_first)s AND %(last)s GROUP BY kind
"""


def dossiers(year: int, values: Params) -> dict:
    from haven.integration.report import DOSSIER_LABELS

    counts = {kind: (previous, current) for kind, previous, current in _fetch(DOSSIERS, values)}
    rows = [[label, *counts.get(kind.value, (0, 0))] for kind, label in DOSSIER_LABELS.items()]
    return {
        "columns": ["kind", str(year - 1), str(year)],
        "rows": rows,
        "total": {str(year - 1): sum(row[1] for row in rows), str(year): sum(row[2] for row in rows)},
    }


ORIENTATION = """
SELECT c.language_id,
       count(DISTINCT c.id) FILTER (WHERE c.starts_on < %(first)s),
       count(DISTINCT c.id) FILTER (WHERE c.starts_on >= %(first)s),
       count(e.id) FILTER (WHERE c.starts_on < %(first)s AND e.state IN ('enrolled', 'completed', 'not_completed')),
       count(e.id) FILTER (WHERE c.starts_on >= %(first)s AND e.state IN ('enrolled', 'completed', 'not_completed'))
  FROM orientation_course c LEFT JOIN orientation_enrolment e ON e.course_id = c.id
 WHERE c.project = '' AND c.state <> 'cancelled' AND c.starts_on BETWEEN %(prev_first)s AND %(last)s
 GROUP BY c.language_id
"""


def orientation(year: int, values: Params) -> dict:
    from haven.core import reference
    from haven.orientation.report import _iso639

    figures = {row[0]: row[1:] for row in _fetch(ORIENTATION, values)}
    names = {code: reference.language_name(code, "nl") for code in figures}
    order = sorted(figures, key=lambda code: (figures[code][0] == 0, figures[code][1] == 0, names[code].casefold()))
    rows = [[names[code], _iso639(code), *figures[code]] for code in order]
    keys = [f"courses_{year - 1}", f"courses_{year}", f"participants_{year - 1}", f"participants_{year}"]
    return {
        "columns": ["language_nl", "iso639", *keys],
        "rows": rows,
        "total": {key: sum(row[index + 2] for row in rows) for index, key in enumerate(keys)},
    }


OTHER = """
SELECT (SELECT count(*) FROM orientation_enrolment e JOIN orientation_course c ON c.id = e.course_id
         WHERE c.project = 'parkoer' AND e.state = 'completed' AND e.completed_on BETWEEN %(first)s AND %(last)s),
       count(*) FILTER (WHERE registered_on BETWEEN %(first)s AND %(last)s),
       count(*) FILTER (WHERE result = 'passed' AND taken_on BETWEEN %(first)s AND %(last)s)
  FROM integration_exemptiontest
 WHERE registered_on BETWEEN %(first)s AND %(last)s OR taken_on BETWEEN %(first)s AND %(last)s
"""


def other(year: int, values: Params) -> dict:
    from haven.integration.report import EXEMPTION_LABELS
    from haven.orientation.report import PARKOER_LABEL

    parkoer, registered, passed = _fetch(OTHER, values)[0]
    return {
        "columns": ["label", str(year)],
        "rows": [[PARKOER_LABEL, parkoer], [EXEMPTION_LABELS[0], registered], [EXEMPTION_LABELS[1], passed]],
    }


NT2 = """
SELECT (SELECT count(DISTINCT person_id) FROM nt2_conversation WHERE held_on BETWEEN %(first)s AND %(last)s),
       (SELECT count(*) FROM nt2_conversation WHERE held_on BETWEEN %(first)s AND %(last)s),
       (SELECT count(*) FROM nt2_languagetest WHERE taken_on BETWEEN %(first)s AND %(last)s),
       (SELECT count(*) FROM nt2_enrolment e JOIN nt2_module m ON m.id = e.module_id
          JOIN nt2_provider p ON p.id = m.provider_id
         WHERE e.requested_on BETWEEN %(first)s AND %(last)s AND p.kind = 'cvo'),
       (SELECT count(*) FILTER (WHERE f.funder = 'city') FROM nt2_scholarship s
          JOIN nt2_scholarshipfund f ON f.id = s.fund_id WHERE s.granted_on BETWEEN %(first)s AND %(last)s),
       (SELECT count(*) FILTER (WHERE f.funder = 'flanders') FROM nt2_scholarship s
          JOIN nt2_scholarshipfund f ON f.id = s.fund_id WHERE s.granted_on BETWEEN %(first)s AND %(last)s),
       (SELECT count(*) FROM nt2_certificationtest WHERE taken_on BETWEEN %(first)s AND %(last)s),
       (SELECT array_agg(ARRAY[kind, name]) FROM nt2_provider WHERE active)
"""


def nt2(year: int, values: Params) -> dict:
    from django.utils import translation

    from haven.nt2.models import CertificationPurpose, ProviderKind
    from haven.nt2.report import FUND_LABELS

    people, held, tests, cvo, city, flanders, certification, providers = _fetch(NT2, values)[0]
    kinds = list(ProviderKind.values)
    with translation.override("nl"):
        purposes = [str(label) for label in CertificationPurpose.labels]
    labels = list(FUND_LABELS.values())
    return {
        "columns": ["label", str(year)],
        "rows": [
            ["Personen op intakegesprek", people],
            ["Gesprekken", held],
            ["Afgenomen testen", tests],
            ["Inschrijvingen voor de CVO's", cvo],
            [labels[0], city],
            [labels[1], flanders],
            ["Certificerende testen", certification],
        ],
        "providers": [name for _, name in sorted(providers or [], key=lambda p: (kinds.index(p[0]), p[1].casefold()))],
        "certification_purposes_nl": purposes,
    }


SHEETS = """interpreting_timesheet t
  JOIN interpreting_assignment a ON a.id = t.assignment_id
  JOIN interpreting_interpretingrequest r ON r.id = a.request_id
 WHERE t.status = 'approved' AND a.starts_at >= %(start)s AND a.starts_at < %(end)s"""

USERS = f"""
SELECT 'interpreting', o.sector, count(DISTINCT r.organisation_id)
  FROM {SHEETS.replace("r.id = a.request_id", "r.id = a.request_id JOIN interpreting_organisation o ON o.id = r.organisation_id")}
 GROUP BY o.sector
UNION ALL
SELECT 'translation', o.sector, count(DISTINCT x.organisation_id)
  FROM interpreting_translationorder x JOIN interpreting_organisation o ON o.id = x.organisation_id
 WHERE x.status = 'delivered' AND x.delivered_on BETWEEN %(first)s AND %(last)s
 GROUP BY o.sector
UNION ALL
SELECT 'agreements', NULL, count(DISTINCT organisation_id) FROM interpreting_agreement
 WHERE status <> 'draft' AND starts_on <= %(last)s AND (ends_on IS NULL OR ends_on >= %(first)s)
UNION ALL
SELECT 'languages', NULL, count(DISTINCT r.language_id) FROM {SHEETS}
"""


def users(year: int, values: Params) -> dict:
    from haven.interpreting.report import SECTOR_LABELS

    counts = {(part, sector): count for part, sector, count in _fetch(USERS, values)}
    rows = [
        [label, counts.get(("interpreting", sector.value), 0), counts.get(("translation", sector.value), 0)]
        for sector, label in SECTOR_LABELS.items()
    ]
    return {
        "columns": ["sector_nl", "interpreting_users", "translation_users"],
        "rows": rows,
        "total": {"interpreting_users": sum(row[1] for row in rows), "translation_users": sum(row[2] for row in rows)},
        "cooperation_agreements": counts[("agreements", None)],
        "languages_offered": counts[("languages", None)],
    }


HOURS = f"""
SELECT r.kind, sum(floor(extract(epoch FROM t.actual_end - t.actual_start) / 60))::bigint
  FROM {SHEETS} GROUP BY r.kind
"""


def hours(year: int, values: Params) -> dict:
    from haven.interpreting.report import KIND_LABELS, _hours

    minutes = dict(_fetch(HOURS, values))
    rows = [[label, _hours(minutes.get(kind.value, 0))] for kind, label in KIND_LABELS.items()]
    return {"columns": ["kind_nl", "hours"], "rows": rows, "total": {"hours": sum(row[1] for row in rows)}}


PAGES = """
SELECT kind, sum(pages) FROM interpreting_translationorder
 WHERE status = 'delivered' AND delivered_on BETWEEN %(first)s AND %(last)s GROUP BY kind
"""


def pages(year: int, values: Params) -> dict:
    from haven.interpreting.report import TRANSLATION_LABELS

    counted = dict(_fetch(PAGES, values))
    rows = [[label, counted.get(kind.value) or 0] for kind, label in TRANSLATION_LABELS.items()]
    return {"columns": ["kind_nl", "pages"], "rows": rows, "total": {"pages": sum(row[1] for row in rows)}}


HAND_WRITTEN: dict[str, Callable[[int, Params], dict]] = {
    "newcomers_settled_by_status": settled,
    "newcomers_top20_nationalities": top20,
    "registrations_by_status": _by_status("integration_registration", "registered_on", 3),
    "contracts_by_status": _by_status("integration_contract", "signed_on", 2),
    "trajectory_counselling": counselling,
    "diploma_recognition_dossiers": dossiers,
    "civic_orientation_by_language": orientation,
    "civic_orientation_other": other,
    "dutch_second_language": nt2,
    "interpreting_users_by_sector": users,
    "interpreting_hours": hours,
    "translation_pages": pages,
    **HAND_WRITTEN_LINES,  # education, leisure, …, the monthly flows (bench/report_sql_lines.py)
}


if __name__ == "__main__":
    # A module of the benchmarks, not one itself: run bench/report.py (which measures and exits
    # non-zero when its goal is missed) rather than this file.
    raise SystemExit("bench/report_sql.py is a module of the benchmarks (report); it measures nothing on its own.")

"""The annual report's later tables written by hand (the lines' sections: education, leisure,
transit site, organisations, community, Dutch practice, the monthly flows), as
``bench/report_sql.py`` writes the first twelve: one plain SQL statement per table
(PostgreSQL), its figures counted there; labels and shape in Python. ``report_sql`` puts
them into its ``HAND_WRITTEN``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from report_sql import Params


def _fetch(sql: str, values: Params) -> list[tuple]:
    # report_sql imports this module for its HAND_WRITTEN, so its fetch is read on the call.
    from report_sql import _fetch as fetch

    return fetch(sql, values)


def _figures(year: int, labels: list[Any], figures: tuple) -> dict:
    """A table of one figure per row, labelled in the report's Dutch words."""
    from haven.reports.registry import report_words

    return {
        "columns": ["label", str(year)],
        "rows": [[report_words(label), figure] for label, figure in zip(labels, figures, strict=True)],
    }


EDUCATION = """
SELECT (SELECT count(*) FROM education_schoolreferral
         WHERE state = 'placed' AND placed_on BETWEEN %(first)s AND %(last)s),
       f.pupils, f.schools,
       (SELECT count(*) FROM education_studydossier
         WHERE opened_on <= %(last)s AND (closed_on IS NULL OR closed_on >= %(first)s)),
       t.graduated, t.started
  FROM (SELECT coalesce(sum(r.pupils_present), 0) AS pupils,
               count(DISTINCT r.school_id) FILTER (WHERE r.pupils_present > 0) AS schools
          FROM education_futuredaysregistration r JOIN education_futuredayssession s ON s.id = r.session_id
         WHERE s.held_on BETWEEN %(first)s AND %(last)s) f,
       (SELECT count(*) FILTER (WHERE c.academic_year = %(year)s - 1 AND p.state = 'graduated') AS graduated,
               count(*) FILTER (WHERE c.academic_year = %(year)s) AS started
          FROM education_pretrackparticipant p JOIN education_pretrackcohort c ON c.id = p.cohort_id
         WHERE c.academic_year IN (%(year)s - 1, %(year)s)) t
"""


def education(year: int, values: Params) -> dict:
    from haven.education.report import education_rows

    return _figures(year, [label for label, _name in education_rows(year)], _fetch(EDUCATION, values)[0])


# Age on the referral date in completed years, as haven.leisure.selectors.with_age_group
# compares the 18th birthday with it (a referral of someone without a birth date is in no row).
LEISURE = """
SELECT count(DISTINCT r.person_id) FILTER (WHERE extract(year FROM age(r.referred_on, p.birth_date)) < 18),
       (SELECT coalesce(sum(t.count), 0) FROM leisure_eventtally t JOIN leisure_event e ON e.id = t.event_id
         WHERE e.kind = 'planeet' AND e.held_on BETWEEN %(first)s AND %(last)s),
       count(DISTINCT r.person_id) FILTER (WHERE extract(year FROM age(r.referred_on, p.birth_date)) >= 18),
       (SELECT count(*) FROM leisure_event WHERE kind = 'market' AND held_on BETWEEN %(first)s AND %(last)s)
  FROM leisure_referral r JOIN people_person p ON p.id = r.person_id
 WHERE r.referred_on BETWEEN %(first)s AND %(last)s
"""


def leisure(year: int, values: Params) -> dict:
    from haven.leisure.report import ROW_LABELS

    return _figures(year, list(ROW_LABELS.values()), _fetch(LEISURE, values)[0])


# The averages rounded half up in the database (round() on numeric rounds halves away from 0).
TRANSIT_SITE = """
WITH attendance AS (SELECT child_id, day FROM transit_site_attendance WHERE day BETWEEN %(first)s AND %(last)s),
     reached AS (SELECT c.birth_date, min(a.day) AS first_day FROM attendance a
                   JOIN transit_site_child c ON c.id = a.child_id GROUP BY c.id)
SELECT (SELECT coalesce(sum(places), 0) FROM transit_site_site),
       (SELECT count(DISTINCT head_id) FROM transit_site_stay
         WHERE arrival <= %(last)s
           AND (departure > %(first)s OR (departure IS NULL AND planned_departure > %(first)s))),
       (SELECT coalesce(round(count(*)::numeric / nullif(count(DISTINCT day), 0)), 0)::int FROM attendance),
       (SELECT coalesce(round(sum(extract(year FROM age(first_day, birth_date)))::numeric / nullif(count(*), 0)), 0)::int
          FROM reached),
       (SELECT coalesce(max(length(l.weekdays)), 0) FROM transit_site_lessondays l
         WHERE l.valid_from = (SELECT max(m.valid_from) FROM transit_site_lessondays m
                                WHERE m.site_id = l.site_id AND m.valid_from <= %(last)s))
"""


def transit_site(year: int, values: Params) -> dict:
    from haven.transit_site.report import ROW_LABELS

    return _figures(year, list(ROW_LABELS.values()), _fetch(TRANSIT_SITE, values)[0])


ORGANISATIONS = """
SELECT s.sessions, s.participants, a.certified, a.new, t.testified, t.testimonies, c.contacts, c.associations
  FROM (SELECT count(*) AS sessions, coalesce(sum(participants), 0) AS participants
          FROM organisations_trainingsession WHERE held_on BETWEEN %(first)s AND %(last)s) s,
       (SELECT count(*) FILTER (WHERE stopped_on IS NULL OR stopped_on > %(last)s) AS certified,
               count(*) FILTER (WHERE certified_on >= %(first)s) AS new
          FROM organisations_ambassador WHERE certified_on <= %(last)s) a,
       (SELECT count(DISTINCT ambassador_id) AS testified, count(*) AS testimonies
          FROM organisations_testimonyrequest
         WHERE state = 'given' AND held_on BETWEEN %(first)s AND %(last)s) t,
       (SELECT count(*) AS contacts, count(DISTINCT association_id) AS associations
          FROM organisations_supportcontact WHERE held_on BETWEEN %(first)s AND %(last)s) c
"""


def organisations(year: int, values: Params) -> dict:
    from haven.organisations.report import ROW_LABELS

    return _figures(year, list(ROW_LABELS.values()), _fetch(ORGANISATIONS, values)[0])


SG_DUOS = """community_duo d JOIN community_participant x ON x.id = d.participant_id
          JOIN people_person p ON p.id = x.person_id
         WHERE d.programme = 'samen_gentenaar' AND d.started_on BETWEEN %(first)s AND %(last)s"""

COMMUNITY = f"""
SELECT (SELECT count(*) FROM community_participant
         WHERE programme = 'tandem' AND registered_on BETWEEN %(first)s AND %(last)s),
       d.tandem,
       (SELECT count(DISTINCT h.culturehouse_id) FROM community_cultureedition_houses h
          JOIN community_cultureedition e ON e.id = h.cultureedition_id WHERE e.year = %(year)s),
       (SELECT coalesce(sum(attendance), 0) FROM community_infoevening WHERE held_on BETWEEN %(first)s AND %(last)s),
       d.samen_gentenaar,
       (SELECT count(*) FROM community_group WHERE starts_on BETWEEN %(first)s AND %(last)s),
       n.men, n.women, n.countries, b.men, b.women
  FROM (SELECT count(*) FILTER (WHERE programme = 'tandem') AS tandem,
               count(*) FILTER (WHERE programme = 'samen_gentenaar') AS samen_gentenaar
          FROM community_duo WHERE started_on BETWEEN %(first)s AND %(last)s) d,
       (SELECT count(DISTINCT p.id) FILTER (WHERE p.sex = 'M') AS men,
               count(DISTINCT p.id) FILTER (WHERE p.sex = 'F') AS women,
               count(DISTINCT NULLIF(p.nationality, '')) AS countries
          FROM {SG_DUOS}) n,
       (SELECT count(DISTINCT p.id) FILTER (WHERE p.sex = 'M') AS men,
               count(DISTINCT p.id) FILTER (WHERE p.sex = 'F') AS women
          FROM {SG_DUOS.replace("community_participant x ON x.id = d.participant_id", "community_buddy x ON x.id = d.buddy_id")}) b
"""


def community(year: int, values: Params) -> dict:
    from haven.community.report import ROW_LABELS

    return _figures(year, list(ROW_LABELS.values()), _fetch(COMMUNITY, values)[0])


DUTCH_PRACTICE = """
SELECT (SELECT count(DISTINCT v.volunteer_id) FROM dutch_practice_conversationsession_volunteers v
          JOIN dutch_practice_conversationsession s ON s.id = v.conversationsession_id
          JOIN dutch_practice_conversationseries r ON r.id = s.series_id
         WHERE r.level = 'general' AND s.held_on BETWEEN %(first)s AND %(last)s),
       (SELECT count(*) FROM dutch_practice_conversationseries
         WHERE level = 'general' AND active_from <= %(last)s AND (active_until IS NULL OR active_until >= %(first)s)),
       (SELECT count(*) FROM dutch_practice_subscriber
         WHERE confirmed_on <= %(last)s AND (unsubscribed_on IS NULL OR unsubscribed_on > %(last)s)),
       (SELECT count(*) FROM dutch_practice_workshop w JOIN dutch_practice_practiceday d ON d.id = w.practice_day_id
         WHERE d.held_on BETWEEN %(first)s AND %(last)s),
       (SELECT coalesce(sum(participants), 0) FROM dutch_practice_practiceday
         WHERE held_on BETWEEN %(first)s AND %(last)s)
"""


def dutch_practice(year: int, values: Params) -> dict:
    from django.utils.text import format_lazy

    from haven.dutch_practice.report import ROW_LABELS

    labels = [format_lazy(label, year=year) for label in ROW_LABELS.values()]
    return _figures(year, labels, _fetch(DUTCH_PRACTICE, values)[0])


# The interpreting hours per month: per kind, the running total of its minutes (months in
# order) rounded half up, less the same before the month; summed over the kinds.
MONTHLY = """
SELECT 'settled', extract(month FROM first_registration_date)::int, count(*) FROM people_person
 WHERE first_registration_date BETWEEN %(first)s AND %(last)s GROUP BY 2
UNION ALL
SELECT 'registrations', extract(month FROM registered_on)::int, count(*) FROM integration_registration
 WHERE registered_on BETWEEN %(first)s AND %(last)s AND status IN ('verplicht', 'rechthebbend', 'onbepaald')
 GROUP BY 2
UNION ALL
SELECT 'contracts', extract(month FROM signed_on)::int, count(*) FROM integration_contract
 WHERE signed_on BETWEEN %(first)s AND %(last)s AND status IN ('verplicht', 'rechthebbend') GROUP BY 2
UNION ALL
SELECT 'hours', month, sum(round(running / 60.0) - round((running - minutes) / 60.0))::bigint
  FROM (SELECT month, minutes, sum(minutes) OVER (PARTITION BY kind ORDER BY month) AS running
          FROM (SELECT r.kind, extract(month FROM a.starts_at AT TIME ZONE %(zone)s)::int AS month,
                       sum(floor(extract(epoch FROM t.actual_end - t.actual_start) / 60))::numeric AS minutes
                  FROM interpreting_timesheet t
                  JOIN interpreting_assignment a ON a.id = t.assignment_id
                  JOIN interpreting_interpretingrequest r ON r.id = a.request_id
                 WHERE t.status = 'approved' AND a.starts_at >= %(start)s AND a.starts_at < %(end)s
                 GROUP BY 1, 2) kind_months) running_months
 GROUP BY month
"""


def monthly(year: int, values: Params) -> dict:
    from haven.integration.report import MONTHLY_LABELS
    from haven.interpreting.report import MONTHLY_HOURS
    from haven.people.report import MONTHLY_SETTLED
    from haven.reports.monthly import MONTHS
    from haven.reports.registry import report_words

    counts = {(flow, month): figure for flow, month, figure in _fetch(MONTHLY, values)}
    flows = {
        "settled": MONTHLY_SETTLED,
        "registrations": MONTHLY_LABELS["registrations_by_status"],
        "contracts": MONTHLY_LABELS["contracts_by_status"],
        "hours": MONTHLY_HOURS,
    }
    rows = [
        [report_words(label), *(counts.get((flow, int(month)), 0) for month in MONTHS)] for flow, label in flows.items()
    ]
    return {"columns": ["flow", *MONTHS], "rows": rows}


HAND_WRITTEN_LINES: dict[str, Callable[[int, Params], dict]] = {
    "education": education,
    "leisure": leisure,
    "transit_site": transit_site,
    "organisations": organisations,
    "community": community,
    "dutch_practice": dutch_practice,
    "monthly_flows": monthly,
}


if __name__ == "__main__":
    # A module of the benchmarks, not one itself: run bench/report.py instead.
    raise SystemExit(
        "bench/report_sql_lines.py is a module of the benchmarks (report); it measures nothing on its own."
    )

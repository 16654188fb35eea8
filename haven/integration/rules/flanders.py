"""The Flemish target-group rules: rule set "2016-2022" and rule set "2022".

Rule set "2016-2022": Decree of 7 June 2013 on the Flemish integration and civic-integration
policy, implementing order of 29 January 2016. Rule set "2022": Decree of 9 July 2021, from
1 March 2022; for the target group it differs only in that asylum seekers are excluded for
the whole of their procedure (instead of for its first 4 months).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from .countries import eu_eea_swiss_citizen
from .dates import add_months, age_on, birthday
from .facts import BELGIUM, Region, Register
from .facts import ResidenceTitle as Title
from .logic import (
    Context,
    Eval,
    all_of,
    is_true,
    negate,
    provided,
    test,
    unknown,
)
from .ruleset import Kind, Rule, RuleSet

ASYLUM_EXCLUSION_MONTHS = 4
MINIMUM_TITLE_MONTHS = 3  # "more than 3 months": residence_title_months > 3
BELGIAN_REGISTRATION_MONTHS = 12
MINOR_REGISTRATION_MONTHS = 12
MOVE_REGISTRATION_MONTHS = 5 * 12
ADULT_AGE = 18
EXEMPT_AGE = 65

# Titles of a legal stay that count for entitlement (after the exclusions).
LEGAL_STAY_2016 = frozenset({Title.UNLIMITED, Title.LIMITED, Title.ASYLUM_SEEKER})
LEGAL_STAY_2022 = frozenset({Title.UNLIMITED, Title.LIMITED})


# --- Derived facts -------------------------------------------------------------------------


def belgian(context: Context) -> Eval:
    """Is the person a Belgian: by the nationality, else by the residence title."""
    facts = context.facts
    if facts.nationality is not None:
        return Eval(facts.nationality == BELGIUM, {"nationality": facts.nationality})
    if facts.residence_title is not None:
        return Eval(facts.residence_title is Title.BELGIAN, {"residence_title": facts.residence_title})
    return unknown("nationality")


def title_in(context: Context, titles: frozenset[Title] | set[Title]) -> Eval:
    """Does the person hold one of these residence titles (a Belgian holds none)."""
    if context.facts.nationality == BELGIUM:
        return Eval(False, {"nationality": BELGIUM})
    return test(context, "residence_title", lambda title: title in titles)


def age(context: Context, predicate: Callable[[int], bool]) -> Eval:
    """The predicate on the age in calendar years on the day asked."""
    return test(
        context,
        "birth_date",
        lambda born: predicate(age_on(born, context.asked_on)),
        age=lambda born: age_on(born, context.asked_on),
    )


def within_months(context: Context, name: str, months: int, end_key: str) -> Eval:
    """Is the day asked no later than ``months`` calendar months after the date ``name``
    (exactly ``months`` later still counts)."""
    derived = {end_key: lambda start: add_months(start, months), "asked_on": lambda _: context.asked_on}
    return test(context, name, lambda start: context.asked_on <= add_months(start, months), **derived)


def born_abroad_belgian(context: Context) -> Eval:
    return provided(belgian(context), all_of(is_true(context, "born_abroad"), is_true(context, "parent_born_abroad")))


# --- Exclusions ----------------------------------------------------------------------------


def not_in_register(context: Context) -> Eval:
    return test(context, "register", lambda register: register is Register.NONE)


def no_legal_stay(context: Context) -> Eval:
    return title_in(context, {Title.NONE})


def special_id(context: Context) -> Eval:
    return title_in(context, {Title.SPECIAL_ID})


def temporary_purpose(context: Context) -> Eval:
    return title_in(context, {Title.TEMPORARY_PURPOSE})


def intra_corporate(context: Context) -> Eval:
    return title_in(context, {Title.INTRA_CORPORATE})


def asylum_seeker(context: Context) -> Eval:
    return title_in(context, {Title.ASYLUM_SEEKER})


def asylum_first_months(context: Context) -> Eval:
    def in_first_months(start: date) -> bool:
        return context.asked_on < add_months(start, ASYLUM_EXCLUSION_MONTHS)

    return provided(
        asylum_seeker(context),
        test(
            context,
            "asylum_procedure_start",
            in_first_months,
            asylum_exclusion_ends=lambda start: add_months(start, ASYLUM_EXCLUSION_MONTHS),
            asked_on=lambda _: context.asked_on,
        ),
    )


def minor(context: Context) -> Eval:
    return age(context, lambda years: years < ADULT_AGE)


# --- Requirements --------------------------------------------------------------------------


def registered_in_municipality(context: Context) -> Eval:
    return test(
        context,
        "first_registration_municipality",
        lambda registered: registered <= context.asked_on,
        asked_on=lambda _: context.asked_on,
    )


def legal_stay(titles: frozenset[Title]) -> Callable[[Context], Eval]:
    def foreigner_with_legal_stay(context: Context) -> Eval:
        return title_in(context, titles)

    return foreigner_with_legal_stay


# --- Obligation grounds --------------------------------------------------------------------


def title_over_three_months(context: Context) -> Eval:
    holds = title_in(context, {Title.UNLIMITED, Title.LIMITED})
    if context.facts.residence_title is Title.LIMITED and context.facts.nationality != BELGIUM:
        return all_of(holds, test(context, "residence_title_months", lambda months: months > MINIMUM_TITLE_MONTHS))
    return holds


def first_title(context: Context) -> Eval:
    return provided(title_over_three_months(context), is_true(context, "first_residence_title"))


def belgian_recently_registered(context: Context) -> Eval:
    return provided(
        born_abroad_belgian(context),
        within_months(context, "first_registration_belgium", BELGIAN_REGISTRATION_MONTHS, "registration_period_ends"),
    )


def turned_adult_after_registration(context: Context) -> Eval:
    """First registered in Belgium as a minor, and 18 no more than 12 months later."""
    born, registered = context.facts.birth_date, context.facts.first_registration_belgium
    if born is None or registered is None:
        return unknown(
            *(
                name
                for name, value in (("birth_date", born), ("first_registration_belgium", registered))
                if value is None
            )
        )
    adult_on = birthday(born, ADULT_AGE)
    holds = registered < adult_on <= add_months(registered, MINOR_REGISTRATION_MONTHS)
    return Eval(holds, {"birth_date": born, "first_registration_belgium": registered, "eighteenth_birthday": adult_on})


def moved_to_flanders(context: Context) -> Eval:
    return provided(
        is_true(context, "moved_from_elsewhere_in_belgium"),
        within_months(context, "first_registration_belgium", MOVE_REGISTRATION_MONTHS, "registration_period_ends"),
    )


# --- Exemptions ----------------------------------------------------------------------------


def eu_citizen(context: Context) -> Eval:
    facts = context.facts
    if facts.nationality is not None:
        # On the day asked: a British citizen was one until the end of 2020 (rules.countries).
        return Eval(
            eu_eea_swiss_citizen(facts.nationality, context.asked_on),
            {"nationality": facts.nationality, "asked_on": context.asked_on},
        )
    if facts.residence_title is Title.BELGIAN:
        return Eval(False, {"residence_title": facts.residence_title})
    return unknown("nationality")


def eu_family_member(context: Context) -> Eval:
    return provided(negate(belgian(context)), is_true(context, "eu_family_member"))


def aged_65(context: Context) -> Eval:
    return age(context, lambda years: years >= EXEMPT_AGE)


def serious_illness(context: Context) -> Eval:
    return is_true(context, "serious_illness_certificate")


def diploma(context: Context) -> Eval:
    return is_true(context, "belgian_or_dutch_diploma")


def integration_certificate(context: Context) -> Eval:
    return is_true(context, "earlier_integration_certificate")


# --- The rule sets -------------------------------------------------------------------------


def _rules(
    prefix: str, *, asylum: tuple[str, str, Callable[[Context], Eval]], legal_titles: frozenset[Title]
) -> tuple[Rule, ...]:
    def rule(kind: Kind, name: str, description: str, condition: Callable[[Context], Eval], group: str = "") -> Rule:
        return Rule(f"{prefix}.{kind.value}.{name}", kind, description, condition, group)

    asylum_name, asylum_description, asylum_condition = asylum
    return (
        rule(
            Kind.EXCLUSION,
            "not_in_register",
            "A person in neither the national, the foreigners' nor the waiting register is not in the target group.",
            not_in_register,
        ),
        rule(
            Kind.EXCLUSION, "no_legal_stay", "A foreigner without legal stay is not in the target group.", no_legal_stay
        ),
        rule(
            Kind.EXCLUSION,
            "special_id",
            "A holder of a special identity card (C/D: diplomats, staff of international "
            "institutions) is not in the target group.",
            special_id,
        ),
        rule(
            Kind.EXCLUSION,
            "temporary_purpose",
            "A foreigner staying for a temporary purpose (at most one year) is not in the target group.",
            temporary_purpose,
        ),
        rule(
            Kind.EXCLUSION,
            "intra_corporate",
            "An intra-corporate transferee is not in the target group.",
            intra_corporate,
        ),
        rule(Kind.EXCLUSION, asylum_name, asylum_description, asylum_condition),
        rule(Kind.EXCLUSION, "minor", "A person under 18 is not in the target group (minors go to education).", minor),
        rule(
            Kind.REQUIREMENT,
            "registered_in_municipality",
            "An entitled person is registered in the municipality.",
            registered_in_municipality,
            group="registration",
        ),
        rule(
            Kind.REQUIREMENT,
            "foreigner_legal_stay",
            "A foreigner of 18 or over with legal stay is entitled.",
            legal_stay(legal_titles),
            group="person",
        ),
        rule(
            Kind.REQUIREMENT,
            "belgian_born_abroad",
            "A Belgian of 18 or over born abroad with at least one parent born abroad is entitled.",
            born_abroad_belgian,
            group="person",
        ),
        rule(
            Kind.GROUND,
            "first_residence_title",
            "A foreigner holding a residence title of more than 3 months for the first time is obligated.",
            first_title,
        ),
        rule(
            Kind.GROUND,
            "belgian_recently_registered",
            "A Belgian born abroad with a parent born abroad, first registered in Belgium no "
            "more than 12 months ago, is obligated.",
            belgian_recently_registered,
        ),
        rule(
            Kind.GROUND,
            "turned_18_within_12_months",
            "A newcomer first registered as a minor who turned 18 within 12 months of that registration is obligated.",
            turned_adult_after_registration,
        ),
        rule(
            Kind.GROUND,
            "moved_to_flanders",
            "A person first registered in Brussels or Wallonia no more than 5 years ago who "
            "moves to Flanders is obligated.",
            moved_to_flanders,
        ),
        rule(
            Kind.EXEMPTION,
            "eu_citizen",
            "A citizen of another EU or EEA state or of Switzerland is not obligated.",
            eu_citizen,
        ),
        rule(
            Kind.EXEMPTION,
            "eu_family_member",
            "A family member of an EU, EEA or Swiss citizen is not obligated.",
            eu_family_member,
        ),
        rule(Kind.EXEMPTION, "age_65", "A person of 65 or over is not obligated.", aged_65),
        rule(
            Kind.EXEMPTION,
            "serious_illness",
            "A person with a medical certificate of serious illness or disability is not obligated.",
            serious_illness,
        ),
        rule(Kind.EXEMPTION, "diploma", "A holder of a Belgian or Dutch diploma is not obligated.", diploma),
        rule(
            Kind.EXEMPTION,
            "integration_certificate",
            "A holder of an earlier integration certificate is not obligated.",
            integration_certificate,
        ),
    )


RULE_SET_2016 = RuleSet(
    name="2016-2022",
    region=Region.FLANDERS,
    valid_from=date(2014, 1, 1),
    valid_until=date(2022, 2, 28),
    rules=_rules(
        "2016",
        legal_titles=LEGAL_STAY_2016,
        asylum=(
            "asylum_first_4_months",
            "An asylum seeker in the first 4 months of the procedure is not in the target group.",
            asylum_first_months,
        ),
    ),
)

RULE_SET_2022 = RuleSet(
    name="2022",
    region=Region.FLANDERS,
    valid_from=date(2022, 3, 1),
    valid_until=None,
    rules=_rules(
        "2022",
        legal_titles=LEGAL_STAY_2022,
        asylum=(
            "asylum_seeker",
            "An asylum seeker is not in the target group at any point of the procedure.",
            asylum_seeker,
        ),
    ),
)

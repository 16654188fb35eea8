"""Who may open whose file, and for which purposes: the access policy, declared once.

Read the table below as the agency's rule book. Each role names

- the purposes it may give when it opens a file (the purpose stored is the one given,
  and it must be one of these);
- whose files it may open: everyone's (``ANYONE``), nobody's (``NOBODY``), or the
  people it has a *relationship* with — relationships are declared by the service
  lines that own the records (a contract's counsellor, a course's participants, an
  NT2 intake) through ``relationship_register``, so this module knows no service line;
- whether it may *break the glass*: open a file outside its relationships with a
  written reason, logged as such and reviewed by the privacy officer;
- which fields it sees: the whole file, or only what a course needs (no national
  number, no residence or health data);
- whether it sees *restricted* files (GDPR art. 18: processing restricted on request, a
  frozen file): only the privacy officer does, read-only; for every other role a restricted
  person is refused and left out of every list (``scope_people``), whatever the
  relationship, and the glass cannot be broken for them.

A user with several roles gets the union. Roles not in the table see no person files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When

from haven.core.models import AccessPurpose as P

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ANYONE = "anyone"
NOBODY = "nobody"
FULL = "full"
COURSE_FIELDS = "course"
BREAK_GLASS_MIN_REASON = 20


@dataclass(frozen=True)
class RolePolicy:
    purposes: tuple[str, ...] = ()
    whose: str | tuple[str, ...] = NOBODY  # ANYONE, NOBODY, or relationship names
    break_glass: bool = False
    fields: str = FULL
    sees_restricted: bool = False


POLICY: dict[str, RolePolicy] = {
    #                   purposes it may give                      whose files                  glass  fields
    "intake": RolePolicy((P.REGISTRATION, P.CORRECTION, P.LANGUAGE), ANYONE),
    "counsellor": RolePolicy((P.COUNSELLING, P.CORRECTION), ("caseload",), break_glass=True),
    "team_coordinator": RolePolicy((P.COUNSELLING, P.CORRECTION), ("team",), break_glass=True),
    "course_coordinator": RolePolicy((P.COURSE,), ("civic_orientation",), fields=COURSE_FIELDS),
    "nt2_staff": RolePolicy((P.LANGUAGE, P.CORRECTION), ("nt2",), break_glass=True),
    "programme_staff": RolePolicy((P.PROGRAMME,), ("programme",), break_glass=True),
    "privacy_officer": RolePolicy((P.AUDIT, P.SUBJECT_REQUEST), ANYONE, sees_restricted=True),
    # dispatcher, partner, interpreter, manager, admin: no person files (not in the table).
}


# Relationships ------------------------------------------------------------------------------

# name → functions(user) returning a filter on Person for the people the user is related to.
_relationships: dict[str, list[Callable[[object], Q]]] = {}


def relationship_register(name: str, people: Callable[[object], Q]) -> None:
    """An app declares a relationship: ``people(user)`` is a filter on Person made of
    ``pk__in`` subqueries (never joins, so a list never shows a person twice), e.g.
    ``Q(pk__in=Contract.objects.filter(counsellor=user).values("person_id"))``. Several
    apps may add to one relationship (the programme staff's referrals, dossiers and stays
    are all "programme"): it then covers the people any of them names. Registering the
    same function again changes nothing."""
    functions = _relationships.setdefault(name, [])
    if people not in functions:
        functions.append(people)


def _relationship_people(name: str, user) -> Q | None:
    """The filter of one relationship (the union of what its apps name), or None when no
    app declares it."""
    functions = _relationships.get(name)
    if not functions:
        return None
    condition = functions[0](user)
    for people in functions[1:]:
        condition |= people(user)
    return condition


def relationship_names() -> list[str]:
    return sorted(_relationships)


def relationship_covers(name: str, user, person_id: int) -> bool:
    """Whether the relationship ``name`` (e.g. "caseload") relates this user to this
    person, whatever the user's roles (one query; False for an unknown name)."""
    from haven.people.models import Person

    people = _relationship_people(name, user)
    return people is not None and Person.objects.filter(people, pk=person_id).exists()


# Decisions ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class UserPolicy:
    """What the policy table gives one user (the union over their roles)."""

    purposes: frozenset[str] = frozenset()
    anyone: bool = False
    relationships: tuple[str, ...] = ()
    glass_purposes: frozenset[str] = frozenset()
    full_fields: bool = False
    sees_restricted: bool = False

    @property
    def opens_files(self) -> bool:
        return self.anyone or bool(self.relationships)

    @property
    def may_break_glass(self) -> bool:
        return bool(self.glass_purposes)


def _role_codes(user) -> list[str]:
    if not (user.is_authenticated and user.is_active):
        return []
    return [code for code in user.role_codes if code in POLICY]


def user_policy(user) -> UserPolicy:
    """The user's policy, computed once per user object (a request's user)."""
    cached = getattr(user, "_haven_policy", None)
    if cached is not None:
        return cached
    policy = _user_policy(user)
    if user.is_authenticated:
        user._haven_policy = policy
    return policy


def _user_policy(user) -> UserPolicy:
    purposes: set[str] = set()
    glass: set[str] = set()
    relationships: list[str] = []
    anyone = full = sees_restricted = False
    for code in _role_codes(user):
        role = POLICY[code]
        purposes.update(role.purposes)
        if role.whose == ANYONE:
            anyone = True
        elif role.whose != NOBODY:
            relationships.extend(name for name in role.whose if name not in relationships)
        if role.break_glass:
            glass.update(role.purposes)
        if role.fields == FULL and role.whose != NOBODY:
            full = True
        sees_restricted = sees_restricted or role.sees_restricted
    return UserPolicy(frozenset(purposes), anyone, tuple(relationships), frozenset(glass), full, sees_restricted)


# A restricted file (GDPR art. 18) is a column of the person: lists filter on it in their own
# query, a file's decision reads it with the person (or with the relationship, one query).
UNRESTRICTED = Q(restricted_at__isnull=True)


def related_people_q(user, policy: UserPolicy | None = None) -> Q | None:
    """A filter on Person for the people this user may open without breaking the glass,
    or None when that is everyone. A relationship never covers a restricted file (but for
    a role that sees them); a role that may open anyone's is narrowed by ``scope_people``."""
    policy = policy or user_policy(user)
    if policy.anyone:
        return None
    condition = Q(pk__in=[])
    for name in policy.relationships:
        people = _relationship_people(name, user)
        if people is not None:
            condition |= people
    return condition if policy.sees_restricted else condition & UNRESTRICTED


def scope_people(queryset: QuerySet, user, *, person_field: str = "pk") -> QuerySet:
    """Narrow a queryset of people (or of records with a person, through
    ``person_field`` such as ``"person_id"``) to the people the user may open: restricted
    files left out (but for a role that sees them), in the same query."""
    from haven.people.models import Person

    policy = user_policy(user)
    condition = related_people_q(user, policy)
    if condition is None:
        if policy.sees_restricted:
            return queryset
        if person_field == "pk":
            return queryset.filter(UNRESTRICTED)
        # The few restricted people, by a subquery (an annotation such as a report's
        # "person_ref" works as well as a foreign key; a record without a person stays).
        return queryset.exclude(**{f"{person_field}__in": Person.objects.exclude(UNRESTRICTED).values("pk")})
    if person_field == "pk":
        return queryset.filter(condition)
    return queryset.filter(**{f"{person_field}__in": Person.objects.filter(condition).values("pk")})


def is_related(user, person_id: int, policy: UserPolicy | None = None) -> bool:
    """Whether one of the user's relationships covers this person (one query)."""
    from haven.people.models import Person

    policy = policy or user_policy(user)
    if policy.anyone:
        return True
    if not policy.relationships:
        return False
    return scope_people(Person.objects.filter(pk=person_id), user).exists()


@dataclass(frozen=True)
class Grant:
    """The policy's answer for one file: allowed, or allowed only by breaking the glass."""

    allowed: bool
    break_glass_needed: bool = False
    full_fields: bool = True
    refusal: str = ""  # "role", "purpose", "relationship" or "restricted"


def file_facts(user, person_id: int, policy: UserPolicy | None = None) -> tuple[bool, bool]:
    """(related, restricted) for this user and person, in one query at most: none for a
    role that sees restricted files and may open anyone's; for a role that may open
    anyone's, whether the file is restricted; else both read in one statement."""
    from haven.people.models import Person

    policy = policy or user_policy(user)
    if policy.anyone:
        if policy.sees_restricted:
            return True, False
        return True, Person.objects.filter(pk=person_id).exclude(UNRESTRICTED).exists()
    if not policy.relationships:
        return False, not policy.sees_restricted and Person.objects.filter(pk=person_id).exclude(UNRESTRICTED).exists()
    related = Case(
        When(related_people_q(user, policy), then=Value(True)), default=Value(False), output_field=BooleanField()
    )
    row = (
        Person.objects.filter(pk=person_id)
        .annotate(file_related=related)
        .values_list("file_related", "restricted_at")
        .first()
    )
    if row is None:
        return False, False
    return bool(row[0]), row[1] is not None and not policy.sees_restricted


def decide(user, person_id: int, purpose: str, *, related: bool | None = None, restricted: bool | None = None) -> Grant:
    """May this user open this person's file for this purpose? ``related``: whether one of
    the user's relationships covers the person, and ``restricted``: whether the file is
    restricted, when the caller has read them already with the person
    (``related_people_q``, ``Person.restricted_at``); else they are asked here (one query
    at most: ``file_facts``). A restricted file is refused to every role but the one that
    sees them (the privacy officer), glass or no glass."""
    policy = user_policy(user)
    if not policy.opens_files and not policy.may_break_glass:
        return Grant(False, refusal="role")
    if related is None or (restricted is None and not policy.sees_restricted):
        related, restricted = file_facts(user, person_id, policy)
    if restricted and not policy.sees_restricted:
        return Grant(False, refusal="restricted")
    if related:
        if purpose not in policy.purposes:
            return Grant(False, refusal="purpose")
        return Grant(True, full_fields=policy.full_fields)
    if policy.may_break_glass:
        if purpose not in policy.glass_purposes:
            return Grant(False, refusal="purpose")
        return Grant(False, break_glass_needed=True)
    return Grant(False, refusal="relationship")


def purposes_for(user) -> list[tuple[str, StrOrPromise]]:
    """The (value, label) purposes this user may give, in the list's order."""
    policy = user_policy(user)
    allowed = policy.purposes | policy.glass_purposes
    return [(value, label) for value, label in P.choices if value in allowed]


def default_purpose_for(user, remembered: str | None = None) -> str | None:
    allowed = [value for value, _label in purposes_for(user)]
    if remembered in allowed:
        return remembered
    return allowed[0] if allowed else None

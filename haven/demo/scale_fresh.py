"""New values for the copies that must not repeat the originals: people's names and
national numbers, the copied counsellors' logins, interpreters, organisations and
teachers. Names come from Faker (seeded), drawn from a pool per locale and sex so that
two hundred thousand names cost a few thousand Faker calls; numbers are valid in form
(python-stdnum) and unique over the whole database."""

import base64
import random
from collections.abc import Callable
from typing import Any

from django.contrib.auth.hashers import make_password
from faker import Faker
from stdnum.be import bis

from haven.demo import interpreting_plan
from haven.demo.names import NameParts, NativeNames
from haven.demo.population import FAKER_LOCALES, FALLBACK_LOCALES, NumberFactory
from haven.demo.scale_copy import Span
from haven.people.models import Person, search_name_of

POOL = 400  # names per locale, sex and part


class NamePools:
    """Given and family names per locale and sex, drawn once from a seeded Faker."""

    def __init__(self, rng: random.Random, seed: int):
        self.rng = rng
        self.seed = seed
        self.pools: dict[tuple[str, str], list[str]] = {}
        self.fakers: dict[str, Faker] = {}
        self.native = NativeNames(f"{seed}-scale")
        self.native_pools: dict[tuple[str, str, bool], list[NameParts]] = {}

    def _faker(self, locale: str) -> Faker:
        if locale not in self.fakers:
            self.fakers[locale] = Faker(locale)
            self.fakers[locale].seed_instance(f"{self.seed}-scale-{locale}")
        return self.fakers[locale]

    def _pool(self, locale: str, part: str) -> list[str]:
        key = (locale, part)
        if key not in self.pools:
            faker = self._faker(locale)
            draw: Callable[[], str] = {
                "female": faker.first_name_female,
                "male": faker.first_name_male,
                "family": faker.last_name,
            }[part]
            if locale == "zh_CN":  # registers hold Chinese names in pinyin
                draw = faker.last_romanized_name if part == "family" else faker.first_romanized_name
            self.pools[key] = [draw() for _ in range(POOL)]
        return self.pools[key]

    def name(self, nationality: str, female: bool) -> tuple[str, str]:
        locale = FAKER_LOCALES.get(nationality) or self.rng.choice(FALLBACK_LOCALES)
        given = self.rng.choice(self._pool(locale, "female" if female else "male"))
        return given, self.rng.choice(self._pool(locale, "family"))

    def _native_pool(self, nationality: str, part: str, female: bool) -> list[NameParts]:
        key = (nationality, part, female)
        if key not in self.native_pools:
            self.native_pools[key] = [self.native.part(nationality, part, female=female) for _ in range(POOL)]
        return self.native_pools[key]

    def person_name(self, nationality: str, female: bool) -> tuple[NameParts, NameParts]:
        """A person's given and family names: in the register's Latin spelling and, for a
        nationality whose names are written in another script, natively too."""
        if not self.native.covers(nationality):
            given, family = self.name(nationality, female)
            return NameParts(latin=given, native=""), NameParts(latin=family, native="")
        given_parts = self.rng.choice(self._native_pool(nationality, "given", female))
        return given_parts, self.rng.choice(self._native_pool(nationality, "family", female))


class FreshValues:
    """The ``fresh`` functions of haven.demo.scale_copy, one per model that needs them."""

    def __init__(self, *, seed: int, spans: dict, household: dict[int, int]):
        self.rng = random.Random(f"{seed}-scale")
        self.names = NamePools(self.rng, seed)
        self.spans = spans
        self.parents = household  # child's id → parent's id (demo rows)
        self.family_names: dict[int, NameParts] = {}  # a copied person's id → the family name given
        self.numbers = NumberFactory(self.rng)
        self.numbers.used.update(
            number for number in Person.objects.values_list("national_number", flat=True) if number
        )
        from haven.interpreting.models import Organisation

        self.enterprise_numbers = set(Organisation.objects.values_list("enterprise_number", flat=True))

    def _base_id(self, model, row: dict, copy: int) -> int:
        span: Span = self.spans[model]
        return row["id"] - copy * span.top

    def person(self, row: dict[str, Any], copy: int) -> dict[str, Any]:
        """A new name (a child keeps the parent's family name) and a new number of the
        same kind for the same birth date and sex."""
        given, family = self.names.person_name(row["nationality"], row["sex"] == "F")
        parent = self.parents.get(self._base_id(Person, row, copy))
        if parent is not None:
            family = self.family_names.get(self.spans[Person].remap(parent, copy), family)
        self.family_names[row["id"]] = family
        number = row["national_number"]
        if number:
            kind = "bis" if bis.is_valid(number) else "nn"
            number = self.numbers.make(row["birth_date"], row["sex"], kind)
        return {
            "given_names": given.latin,
            "family_name": family.latin,
            "native_given_names": given.native,
            "native_family_name": family.native,
            "search_name": search_name_of(f"{given.latin} {family.latin}", f"{given.native} {family.native}"),
            "national_number": number,
        }

    def user(self, row: dict[str, Any], copy: int) -> dict[str, Any]:
        """A copied counsellor: another login without a password (a reset link sets one)."""
        given, family = self.names.name("BE", self.rng.random() < 0.6)
        return {
            "username": f"{row['username']}-{copy + 1}",
            "first_name": given,
            "last_name": family,
            "email": "",
            "password": make_password(None),
            "last_login": None,
        }

    def interpreter(self, row: dict[str, Any], copy: int) -> dict[str, Any]:
        given, family = self.names.name("BE", row["sex"] == "f")
        token = base64.urlsafe_b64encode(self.rng.randbytes(24)).decode("ascii")
        return {
            "given_names": given,
            "family_name": family,
            "email": f"tolk{row['id']}@freelance.demo.haven.invalid",
            "ical_token": token,
            "user_id": None,
        }

    def organisation(self, row: dict[str, Any], copy: int) -> dict[str, Any]:
        return {
            "name": f"{row['name']} (regio {copy + 1})",
            "enterprise_number": interpreting_plan.enterprise_number(self.rng, self.enterprise_numbers),
            "email": f"contact{row['id']}@partner.demo.haven.invalid" if row["email"] else "",
        }

    def teacher(self, row: dict[str, Any], copy: int) -> dict[str, Any]:
        given, family = self.names.name("BE", self.rng.random() < 0.6)
        return {"name": f"{given} {family}"}

"""The demo's plan of newcomers: deterministic for a seed, and adding up to the seed report."""

import datetime
import random

import pycountry
import pytest
from stdnum.be import bis, nn

from haven.demo.figures import seed_report
from haven.demo.population import NumberFactory, plan_newcomers
from haven.people.models import Sex

ALL_COUNTRIES = sorted(country.alpha_2 for country in pycountry.countries)


@pytest.fixture(scope="module")
def seed() -> dict:
    return seed_report()


def _plans(seed: dict, rng_seed: int = 2019) -> dict[int, dict[str, int]]:
    return {plan.year: plan.counts for plan in plan_newcomers(random.Random(rng_seed), seed, ALL_COUNTRIES)}


def _top20(counts: dict[str, int]) -> list[str]:
    return sorted(counts, key=lambda code: (-counts[code], code))[:20]


def test_plan_is_the_same_for_the_same_seed(seed):
    assert _plans(seed) == _plans(seed)


def test_plan_differs_for_another_seed(seed):
    assert _plans(seed, 2019) != _plans(seed, 7)


def test_plan_covers_2018_and_2019(seed):
    assert sorted(_plans(seed)) == [2018, 2019]


def test_plan_for_2019_adds_up_to_the_seeds_total_and_countries(seed):
    settled = seed["tables"]["newcomers_settled_by_status"]
    counts = _plans(seed)[2019]
    assert sum(counts.values()) == settled["total"]["2019"] == 4742
    assert len(counts) == settled["countries"] == 138
    assert all(count >= 1 for count in counts.values())
    assert "BE" not in counts


@pytest.mark.parametrize("year", [2018, 2019])
def test_plan_gives_every_top20_nationality_its_seed_count(seed, year):
    table = seed["tables"]["newcomers_top20_nationalities"]
    column = table["columns"].index(str(year))
    counts = _plans(seed)[year]
    for row in table["rows"]:
        assert counts[row[2]] == row[column], row[2]


def test_plan_for_2019_ranks_the_seeds_top20_first(seed):
    rows = seed["tables"]["newcomers_top20_nationalities"]["rows"]
    assert _top20(_plans(seed)[2019]) == [row[2] for row in rows]


def test_plan_for_2018_has_syria_and_afghanistan_in_the_top20(seed):
    top = _top20(_plans(seed)[2018])
    assert {"SY", "AF"} <= set(top)


@pytest.mark.parametrize("kind", ["nn", "bis"])
def test_demo_national_numbers_are_valid_and_unique(kind):
    factory = NumberFactory(random.Random(1))
    module = bis if kind == "bis" else nn
    numbers = []
    for offset in range(300):
        born = datetime.date(1950, 1, 1) + datetime.timedelta(days=offset * 83)
        sex = Sex.MALE if offset % 2 else Sex.FEMALE
        number = factory.make(born, sex, kind)
        assert module.is_valid(number), number
        assert module.get_birth_date(number) == born
        # Odd serials for men, even for women.
        assert (int(number[6:9]) % 2 == 1) == (sex == Sex.MALE)
        numbers.append(number)
    assert len(set(numbers)) == len(numbers)

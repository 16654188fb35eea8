"""The demo gives each newcomer the Latin name the national register would hold and, where
the country writes names in another script, the native spelling beside it; both are found
by the registry's search."""

import datetime

import pytest

from haven.demo.names import NativeNames, register_spelling
from haven.demo.population import Plan, PopulationBuilder
from haven.people.models import Person
from haven.people.selectors import person_list


@pytest.mark.parametrize(
    ("nationality", "native", "latin"),
    [
        ("BG", "Мария Щерева", "Maria Shtereva"),  # Bulgarian act: щ → sht, final -ия → -ia
        ("BG", "Ъгълчо Жеков", "Agalcho Zhekov"),
        ("RU", "Юлия Щербакова", "Iuliia Shcherbakova"),  # ICAO 9303
        ("UA", "Юрій Їжакевич", "Yurii Yizhakevych"),  # Ukraine 2010: initial ю, ї
        ("UA", "Зоя Гончаренко", "Zoia Honcharenko"),
        ("GR", "Γεώργιος Παπαδόπουλος", "Georgios Papadopoulos"),  # ELOT 743: ου → ou
        ("AM", "Մելքոն Քալանթարյան", "Melkon Kalantaryan"),  # no apostrophes
        ("GE", "ნინო გაბრიჭიძე", "Nino Gabrichidze"),
    ],
)
def test_the_register_spelling_follows_the_passport_rules(nationality, native, latin):
    assert register_spelling(nationality, native) == latin


def test_native_names_are_the_same_for_the_same_seed_and_differ_for_another():
    def draw(seed):
        names = NativeNames(seed)
        return [names.part(code, "family", female=False) for code in ("BG", "SY", "ER", "GE") for _ in range(5)]

    assert draw(2019) == draw(2019)
    assert draw(2019) != draw(2020)


@pytest.mark.django_db
def test_the_population_has_latin_register_names_with_the_native_spelling(intake_user):
    builder = PopulationBuilder(seed=2019, by=intake_user)
    builder.districts_create()
    counts = {"BG": 6, "SY": 3, "ER": 2, "GR": 2, "ES": 3}
    builder.build([Plan(2019, counts, datetime.date(2019, 3, 1), datetime.date(2019, 3, 31))])

    people = list(Person.objects.all())
    assert len(people) == sum(counts.values())
    for person in people:
        assert person.given_names.isascii() and person.family_name.isascii(), person.full_name
        if person.nationality == "ES":
            assert person.native_name == ""
        else:
            assert person.native_given_names and not person.native_given_names.isascii()
            assert person.native_family_name and not person.native_family_name.isascii()
    bulgarian = next(person for person in people if person.nationality == "BG")
    for typed in (bulgarian.family_name, bulgarian.native_family_name, bulgarian.family_name.upper()):
        assert bulgarian in person_list(query=typed)


def test_the_scale_copies_draw_register_and_native_names_too():
    import random

    from haven.demo.scale_fresh import NamePools

    pools = NamePools(random.Random(1), seed=2019)
    given, family = pools.person_name("BG", female=True)
    assert given.latin.isascii() and family.latin.isascii()
    assert not given.native.isascii() and not family.native.isascii()
    assert register_spelling("BG", family.native) == family.latin
    given, family = pools.person_name("ES", female=False)
    assert (given.native, family.native) == ("", "")


@pytest.mark.django_db
@pytest.mark.parametrize(("nationality", "draws"), [("SY", 1), ("ER", 1), ("BG", 0), ("ES", 0), ("CN", 0)])
def test_names_take_from_the_demos_random_stream_what_they_took_before(nationality, draws):
    """The rest of the demo (and so its figures) draws what it drew before native names:
    a nationality that used the neutral mix still makes that one draw, one with its own
    locale before (Bulgaria's bg_BG) none."""
    import random

    from haven.demo.population import FALLBACK_LOCALES

    builder = PopulationBuilder(seed=2019, by=None)
    reference = random.Random()
    reference.setstate(builder.rng.getstate())
    builder._person_names(nationality, "F")
    for _ in range(draws):
        reference.choice(FALLBACK_LOCALES)
    assert builder.rng.getstate() == reference.getstate()

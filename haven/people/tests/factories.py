"""Factories for people. They build valid rows directly (fast); tests of behaviour go
through the services and views."""

import datetime

import factory
from faker import Faker

from haven.people.models import HouseholdLink, Person, Sex, search_name_of

_faker = Faker("nl_BE")


def faker_seed(seed: int) -> None:
    """Seed the names the factories draw (the suite does it before every test)."""
    _faker.seed_instance(seed)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    given_names = factory.Sequence(lambda n: f"{_faker.first_name()}{'a' * (n % 3)}")
    family_name = factory.Sequence(lambda n: f"{_faker.last_name()}-{n}")
    native_given_names = ""
    native_family_name = ""
    search_name = factory.LazyAttribute(
        lambda person: search_name_of(
            f"{person.given_names} {person.family_name}", f"{person.native_given_names} {person.native_family_name}"
        )
    )
    # Spread over 1980–2018 and wrapping around, so that a long test run never makes
    # someone born after their first registration (1 March 2019) or in the future.
    birth_date = factory.Sequence(lambda n: datetime.date(1980, 1, 1) + datetime.timedelta(days=(n * 37) % (39 * 365)))
    sex = Sex.FEMALE
    nationality = "SY"
    first_registration_date = datetime.date(2019, 3, 1)
    municipality = "Gent"


class HouseholdLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdLink

    parent = factory.SubFactory(PersonFactory, birth_date=datetime.date(1960, 1, 1))
    child = factory.SubFactory(PersonFactory)


def person_form_data(**overrides) -> dict:
    """What the registration form posts for a valid new person (no national number)."""
    data = {
        "given_names": "Amina",
        "family_name": "Haddad",
        "birth_date": "14/02/1990",
        "sex": "F",
        "nationality": "SY",
        "national_number": "",
        "first_registration_date": "01/03/2019",
        "languages": ["ara", "nld"],
        "preferred_language": "ara",
        "street": "Kortrijksesteenweg",
        "house_number": "12",
        "postal_code": "9000",
        "municipality": "Gent",
        "district": "",
        "phone": "",
        "email": "",
        "notes": "",
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def person_edit_data(person: Person, **overrides) -> dict:
    """What the edit form posts for ``person`` unchanged, with ``overrides`` applied."""
    data = {
        "given_names": person.given_names,
        "family_name": person.family_name,
        "native_given_names": person.native_given_names,
        "native_family_name": person.native_family_name,
        "birth_date": person.birth_date.strftime("%d/%m/%Y"),
        "sex": person.sex,
        "nationality": person.nationality,
        "national_number": person.national_number_display,
        "first_registration_date": (
            person.first_registration_date.strftime("%d/%m/%Y") if person.first_registration_date else ""
        ),
        "languages": [language.code for language in person.languages.all()],
        "preferred_language": person.preferred_language_id or "",
        "street": person.street,
        "house_number": person.house_number,
        "postal_code": person.postal_code,
        "municipality": person.municipality,
        "district": person.district_id or "",
        "phone": person.phone,
        "email": person.email,
        "notes": person.notes,
    }
    data.update(overrides)
    return data


def person_api_payload(**overrides) -> dict:
    """A valid body for POST /api/people (no national number)."""
    payload = {
        "given_names": "Amina",
        "family_name": "Haddad",
        "birth_date": "1990-02-14",
        "sex": "F",
        "nationality": "SY",
        "languages": ["ara", "nld"],
        "preferred_language": "ara",
        "first_registration_date": "2019-03-01",
        "municipality": "Gent",
    }
    payload.update(overrides)
    return payload


def caseload_add(counsellor, *people) -> None:
    """Put ``people`` in ``counsellor``'s caseload (the access policy's relationship): a
    registration they made, built directly (fast)."""
    from haven.integration.models import Registration, TargetGroupStatus

    for person in people:
        Registration.objects.create(
            person=person,
            registered_on=datetime.date(2019, 5, 6),
            status=TargetGroupStatus.OBLIGATED,
            current_status=TargetGroupStatus.OBLIGATED,
            created_by=counsellor,
        )

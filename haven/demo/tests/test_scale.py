"""``haven demo --scale N``: the copies of a small world made through the demo's own
builders (the whole demo at scale 2 is checked in test_demo.py, after its scale-1 checks)."""

from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from stdnum.be import bis, nn

from haven.accounts.tests.factories import UserFactory
from haven.core.audit import access_trace
from haven.core.chain import ACCESS_CHAIN, AUDIT_CHAIN, verify
from haven.core.models import AccessLogEntry, AccessPurpose
from haven.core.services import languages_load_defaults
from haven.demo.population import PopulationBuilder
from haven.demo.scale import copied_models, scale_up
from haven.integration.models import Contract, CounsellorProfile
from haven.integration.tests.factories import ContractFactory
from haven.interpreting.models import Interpreter
from haven.interpreting.tests.factories import AssignmentFactory
from haven.people.models import HouseholdLink, Person


@pytest.mark.parametrize("value", ["0", "-3", "two", "1.5"])
def test_a_scale_that_is_not_a_whole_number_of_at_least_one_is_refused(value):
    with pytest.raises(CommandError, match="scale"):
        call_command("demo", "--scale", value, stdout=StringIO())


def test_a_scale_given_from_python_is_checked_too():
    with pytest.raises(CommandError, match="at least 1"):
        call_command("demo", scale=0, stdout=StringIO())


def _small_world() -> dict[str, Person]:
    """Newcomers through the demo's population builder (the registry's services, so the
    access log has their creation), a child linked to a parent, a counsellor's contract,
    an interpreter's assignment and a list of people shown to intake."""
    languages_load_defaults()
    intake = UserFactory(username="intake", roles=["intake"])
    builder = PopulationBuilder(seed=7, by=intake)
    builder.districts_create()
    parent = builder.person_create("SY", date(2019, 3, 4), ages=(35, 40))
    child = builder.person_create("SY", date(2019, 3, 4), minor=True)
    others = [builder.person_create(code, date(2019, 5, 6)) for code in ("BG", "CN", "AF", "NL")]
    counsellor = UserFactory(username="counsellor", roles=["counsellor"])
    CounsellorProfile.objects.create(user=counsellor)
    ContractFactory(registration__person=others[0], counsellor=counsellor)
    AssignmentFactory()
    access_trace(user=intake, person_ids=[person.pk for person in others], purpose=AccessPurpose.REGISTRATION)
    return {"parent": parent, "child": child}


@pytest.mark.django_db
def test_three_copies_of_a_small_world_have_new_people_and_whole_chains():
    world = _small_world()
    assert HouseholdLink.objects.filter(parent=world["parent"], child=world["child"]).exists()
    user_model = get_user_model()
    before = {model: model._base_manager.count() for model in copied_models()}
    entries = AccessLogEntry.objects.count()

    with CaptureQueriesContext(connection) as queries:
        scale_up(scale=3, seed=2019)

    # Every copied table holds three times its rows; of the logins, the counsellor's twice more.
    for model, count in before.items():
        expected = count + 2 if model in (user_model, user_model.groups.through) else 3 * count
        assert model._base_manager.count() == expected, model._meta.label
    assert Person.objects.count() == 18 and Contract.objects.count() == 3
    # No query per row: one to measure each table, one insert per table and copy (the rows
    # are few here; bulk inserts go in batches), a few for the logs and the names.
    assert len(queries) <= len(before) * (1 + 2) + 30

    # New names, valid and unique national numbers; a copied child has its copied parent's name.
    people = list(Person.objects.order_by("id"))
    numbers = [person.national_number for person in people]
    assert len(set(numbers)) == len(numbers)
    assert all(nn.is_valid(number) or bis.is_valid(number) for number in numbers)
    assert len({person.search_name for person in people}) > 12
    for link in HouseholdLink.objects.select_related("parent", "child"):
        assert link.child.family_name == link.parent.family_name
        assert link.child.birth_date == world["child"].birth_date
    # Copied counsellors carry the copied caseloads; copied interpreters have no login.
    assert sorted(Contract.objects.values_list("counsellor__username", flat=True)) == [
        "counsellor",
        "counsellor-2",
        "counsellor-3",
    ]
    assert Interpreter.objects.filter(user__isnull=True).count() == 2

    # The logs: three times the entries, each copy's for its own people, both chains whole.
    assert AccessLogEntry.objects.count() == 3 * entries
    assert set(AccessLogEntry.objects.values_list("person_id", flat=True)) == {person.pk for person in people}
    for chain in (ACCESS_CHAIN, AUDIT_CHAIN):
        assert verify(chain).broken is None, chain.name

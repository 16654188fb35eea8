"""One world and one walk for the whole package: built once inside a transaction that is
rolled back at the end (no row outlives the package), shared by test_matrix.py and
test_traces.py."""

import json
import os

import pytest
from django.db import transaction
from django.test.utils import override_settings


@pytest.fixture(scope="package")
def world_and_sweep(django_db_setup, django_db_blocker, tmp_path_factory):
    from tests.access.sweep import sweep
    from tests.access.world import build_world

    media = tmp_path_factory.mktemp("matrix-media")
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"], MEDIA_ROOT=str(media)),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = build_world()
            result = sweep(world)
            dump = os.environ.get("HAVEN_MATRIX_DUMP")
            if dump:  # every cell as JSON, for reading the walk outside the test
                with open(dump, "w", encoding="utf-8") as out:
                    json.dump([cell.__dict__ for cell in result["cells"]], out, indent=0)
            yield world, result
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="package")
def world(world_and_sweep):
    return world_and_sweep[0]


@pytest.fixture(scope="package")
def walk(world_and_sweep):
    return world_and_sweep[1]

"""One world and one walk for the whole package: built once inside a transaction that is
rolled back at the end (no row outlives the package), shared by test_matrix.py and
test_traces.py."""

import json
import os

import pytest

from conftest import built_once


@pytest.fixture(scope="package")
def world_and_sweep(django_db_setup, django_db_blocker, tmp_path_factory):
    from tests.access.sweep import sweep
    from tests.access.world import build_world

    media = tmp_path_factory.mktemp("matrix-media")
    with built_once(django_db_blocker, media):
        world = build_world()
        result = sweep(world)
        dump = os.environ.get("HAVEN_MATRIX_DUMP")
        if dump:  # every cell as JSON, for reading the walk outside the test
            with open(dump, "w", encoding="utf-8") as out:
                json.dump([cell.__dict__ for cell in result["cells"]], out, indent=0)
        yield world, result


@pytest.fixture(scope="package")
def world(world_and_sweep):
    return world_and_sweep[0]


@pytest.fixture(scope="package")
def walk(world_and_sweep):
    return world_and_sweep[1]

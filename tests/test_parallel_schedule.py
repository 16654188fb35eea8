"""make test's processes (pytest-xdist, scheduled by conftest.py): each test is sent on its own,
in collection order, except the files that build one costly module fixture, which go whole to
one process (two processes would each build the whole demo)."""

from pathlib import Path

from conftest import ONE_PROCESS_FILES, pytest_xdist_make_scheduler

ROOT = Path(__file__).resolve().parent.parent


class _Config:
    """What xdist's scheduler reads of pytest's configuration."""

    class option:
        tx = ["2*popen"]  # two processes
        maxschedchunk = None
        loadscopereorder = True

    def getvalue(self, name):
        return getattr(self.option, name, None)


def _scheduler():
    return pytest_xdist_make_scheduler(config=_Config(), log=None)


def test_the_whole_demo_goes_whole_to_one_process_and_every_other_test_alone():
    scheduler = _scheduler()
    demo = "haven/demo/tests/test_demo.py"
    assert {scheduler._split_scope(f"{demo}::test_{name}") for name in ("report", "copy")} == {demo}
    other = "haven/people/tests/test_services.py::test_a_person_is_registered"
    assert scheduler._split_scope(other) == other
    assert scheduler._split_scope(f"{other}[nl]") == f"{other}[nl]"


def test_every_file_kept_on_one_process_exists():
    assert ONE_PROCESS_FILES and all((ROOT / path).is_file() for path in ONE_PROCESS_FILES)

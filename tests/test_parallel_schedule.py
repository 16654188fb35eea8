"""make test's processes (pytest-xdist, scheduled by conftest.py): each test is sent on its own,
in collection order, except the files and folders that build one costly fixture, which go whole
to one process (two processes would each build the whole demo, or the access matrix's walk)."""

from pathlib import Path

from conftest import ONE_PROCESS, pytest_xdist_make_scheduler

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


def test_the_whole_demo_and_the_access_walk_go_whole_to_one_process_and_every_other_test_alone():
    scheduler = _scheduler()
    demo = "haven/demo/tests/test_demo.py"
    assert {scheduler._split_scope(f"{demo}::test_{name}") for name in ("report", "copy")} == {demo}
    walk = {
        scheduler._split_scope(f"tests/access/{name}") for name in ("test_matrix.py::test_a", "test_traces.py::test_b")
    }
    assert walk == {"tests/access/"}
    other = "haven/people/tests/test_services.py::test_a_person_is_registered"
    assert scheduler._split_scope(other) == other
    assert scheduler._split_scope(f"{other}[nl]") == f"{other}[nl]"


def test_what_goes_whole_exists_and_holds_no_transactional_test():
    assert ONE_PROCESS
    for path in ONE_PROCESS:
        files = [ROOT / path] if path.endswith(".py") else sorted((ROOT / path).rglob("*.py"))
        assert files and all(file.is_file() for file in files), path
        for file in files:
            assert "transaction=True" not in file.read_text(encoding="utf-8"), file

"""The newcomer figures the demo population must reproduce, read from the seed JSON
(../shared/seed/annual-report-2019.json) when it is there, else from the copy kept
in this package so that a checkout without shared/ still builds the same demo."""

import json
from pathlib import Path

SEED_FILES = [
    Path(__file__).resolve().parents[3] / "shared" / "seed" / "annual-report-2019.json",
    Path(__file__).resolve().parent / "seed" / "annual-report-2019.json",
]


def seed_report() -> dict:
    for path in SEED_FILES:
        if path.exists():
            return json.loads(path.read_text(encoding="utf-8"))
    raise FileNotFoundError("annual-report-2019.json not found in " + ", ".join(map(str, SEED_FILES)))

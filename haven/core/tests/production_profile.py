"""Read settings as the production profile computes them: a subprocess with
DJANGO_ENV=production (the suite itself runs the development profile)."""

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def production_settings(*names: str, **environment: str) -> dict[str, str]:
    key = "".join(secrets.choice(string.ascii_letters + string.digits + "!@#%^&*(-_=+)") for _ in range(50))
    env = {name: value for name, value in os.environ.items() if not name.startswith(("DJANGO_", "HAVEN_"))}
    env.update(
        {
            "DJANGO_ENV": "production",
            "DJANGO_SETTINGS_MODULE": "haven.settings",
            "DJANGO_SECRET_KEY": key,
            "DJANGO_ALLOWED_HOSTS": "haven.example.org",
            **environment,
        }
    )
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        f"[print(repr(getattr(s, name))) for name in {list(names)!r}]"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return dict(zip(names, result.stdout.splitlines(), strict=True))

"""One permission module: no role or superuser check in application code outside models_registry/permissions.py.

The models may name roles (the Role choices, the scoped managers that delegate to permissions), migrations and the
seeding package create memberships (data, not rules). Everything else asks ``models_registry.permissions``.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Every application package at the top of the repository (a new app is checked without being listed here).
NOT_APPLICATION = {"tests", "bench", "deploy"}
APPLICATION = sorted(
    path.name
    for path in ROOT.iterdir()
    if (path / "__init__.py").exists() and path.name not in NOT_APPLICATION and not path.name.startswith(".")
)
ALLOWED = [
    "models_registry/permissions.py",
    "models_registry/models/",
    "models_registry/seeding/",
    "/migrations/",
]
FORBIDDEN = [
    re.compile(r"\bhas_role\("),
    re.compile(r"\bRole\."),
    re.compile(r"\.is_superuser\b"),
    re.compile(r"""getattr\([^)]*["']is_superuser["']"""),
    re.compile(r"\.role\s*(==|!=|\bin\b|\bnot in\b)"),
]
TEMPLATE_FORBIDDEN = [re.compile(r"\buser\.is_superuser\b"), re.compile(r"\buser\.is_staff\b")]


def _offences(paths, patterns):
    found = []
    for path in paths:
        relative = path.relative_to(ROOT).as_posix()
        if any(part in "/" + relative for part in ALLOWED):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if any(pattern.search(line) for pattern in patterns):
                found.append(f"{relative}:{number}: {line.strip()}")
    return found


def test_no_role_check_outside_the_permission_module():
    assert {"models_registry", "reporting", "danvan"} <= set(APPLICATION)
    paths = [path for package in APPLICATION for path in sorted((ROOT / package).rglob("*.py"))]
    assert len(paths) > 50  # the walk found the application, so an empty result means something
    offences = _offences(paths, FORBIDDEN)
    assert offences == [], "Ask models_registry.permissions instead:\n" + "\n".join(offences)


def test_no_role_check_in_templates():
    paths = sorted((ROOT / "templates").rglob("*.html"))
    assert paths
    offences = _offences(paths, TEMPLATE_FORBIDDEN)
    assert offences == [], "Use the flags of permissions.menu() (context processor) instead:\n" + "\n".join(offences)


def test_the_check_finds_an_offence(tmp_path):
    """The patterns catch the shapes of check that used to be spread over the application."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "if actor.is_superuser or has_role(actor, Role.OFFICER, unit):\n"
        "    pass\n"
        "ok = getattr(user, 'is_superuser', False)\n"
        "officers = [m for m in ms if m.role == 'officer']\n"
    )
    lines = sample.read_text().splitlines()
    assert [any(p.search(line) for p in FORBIDDEN) for line in lines] == [True, False, True, True]

"""One permission module: no role or superuser check in application code outside models_registry/permissions/.

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
    "models_registry/permissions/",
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


def test_the_rules_are_asked_through_the_package():
    """``models_registry/permissions/`` splits its rules into modules by topic; the rest of the application imports
    the package (``from models_registry.permissions import …``), so it stays the one door and its docstring the table."""
    inner = re.compile(r"\bpermissions\.(scopes|practices|boards)\b")
    paths = [path for package in APPLICATION for path in sorted((ROOT / package).rglob("*.py"))]
    offences = [
        f"{path.relative_to(ROOT).as_posix()}:{number}"
        for path in paths
        if "models_registry/permissions/" not in path.as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if inner.search(line)
    ]
    assert offences == []


def test_the_package_re_exports_every_rule():
    """Each public name the package's modules define is importable from ``models_registry.permissions`` itself."""
    import ast
    import importlib

    exported = set(importlib.import_module("models_registry.permissions").__all__)
    for path in sorted((ROOT / "models_registry" / "permissions").glob("[!_]*.py")):
        defined = set()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef | ast.ClassDef):
                defined.add(node.name)
            elif isinstance(node, ast.Assign):
                defined.update(target.id for target in node.targets if isinstance(target, ast.Name))
        public = {name for name in defined if not name.startswith("_")}
        assert public <= exported, f"{path.name}: not re-exported: {sorted(public - exported)}"

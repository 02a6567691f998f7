"""Small modules: no application module over 400 lines (tests and migrations excepted; see TEAM.md and STYLE.md).

A module that outgrows the limit becomes a package by topic (``models_registry/permissions/``,
``models_registry/imports/rows.py`` beside ``check.py``), not a longer file.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 400
# Not application code: the tests themselves, generated migrations, the virtualenv and other tools' folders.
SKIPPED_PARTS = {"tests", "migrations", ".venv", "node_modules", "staticfiles", ".git"}


def _modules():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if not SKIPPED_PARTS.intersection(relative.parts):
            yield relative, path


def _too_long(modules):
    too_long = []
    for relative, path in modules:
        with path.open(encoding="utf-8") as handle:
            lines = sum(1 for _line in handle)
        if lines > LIMIT:
            too_long.append(f"{relative.as_posix()}: {lines} lines")
    return too_long


def test_no_application_module_over_400_lines():
    modules = list(_modules())
    assert len(modules) > 100  # the walk found the application
    assert _too_long(modules) == [], "Split these modules by topic:\n" + "\n".join(_too_long(modules))


def test_the_check_finds_a_long_module(tmp_path):
    long_module = tmp_path / "long.py"
    long_module.write_text("x = 1\n" * (LIMIT + 1))
    short_module = tmp_path / "short.py"
    short_module.write_text("x = 1\n" * LIMIT)
    found = _too_long([(Path("long.py"), long_module), (Path("short.py"), short_module)])
    assert found == [f"long.py: {LIMIT + 1} lines"]

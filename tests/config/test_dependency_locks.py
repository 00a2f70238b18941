"""The two dependency locks: requirements.lock is what a server installs (make install-prod), so it holds
no test or lint tool; requirements-dev.lock adds those to the very same runtime pins."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", re.MULTILINE)

# Development tools (and what only they pull in) that must never reach a server.
DEV_ONLY = {
    "pytest",
    "pytest-django",
    "pytest-xdist",
    "schemathesis",
    "hypothesis",
    "openapi-spec-validator",
    "pypdfium2",
    "zxing-cpp",
    "ruff",
    "mypy",
    "django-stubs",
    "pre-commit",
}


def _name(raw: str) -> str:
    return re.sub(r"[-_.]+", "-", raw).lower()


def pins(lock: str) -> dict[str, str]:
    return {_name(name): version for name, version in PIN.findall((ROOT / lock).read_text())}


def test_the_production_lock_holds_no_test_or_lint_tool():
    production = pins("requirements.lock")
    assert "django" in production and "granian" in production
    assert not DEV_ONLY & production.keys(), sorted(DEV_ONLY & production.keys())


def test_the_development_lock_has_the_tools_and_the_same_runtime_pins():
    production, development = pins("requirements.lock"), pins("requirements-dev.lock")
    assert {"pytest", "ruff", "mypy", "schemathesis"} <= development.keys()
    assert {name: development.get(name) for name in production} == production


def test_every_declared_dependency_is_locked_with_hashes():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = {_name(re.split(r"[<>=!~\[; ]", spec, maxsplit=1)[0]) for spec in project["dependencies"]}
    dev = {_name(re.split(r"[<>=!~\[; ]", s, maxsplit=1)[0]) for s in project["optional-dependencies"]["dev"]}
    assert declared <= pins("requirements.lock").keys()
    assert declared | dev <= pins("requirements-dev.lock").keys()
    for lock in ("requirements.lock", "requirements-dev.lock"):
        # a requirement starts a line; its hashes follow on continuation lines (pip --require-hashes
        # refuses a pin without one)
        blocks = re.split(r"\n(?=[A-Za-z0-9])", (ROOT / lock).read_text())
        requirements = [b for b in blocks if PIN.match(b)]
        assert len(requirements) == len(pins(lock))
        assert all("--hash=sha256:" in b for b in requirements), lock

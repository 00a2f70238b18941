"""The rooms' import contract (pyproject.toml [tool.importlinter], run by `make lint`): kept by the code,
and broken by a deliberately wrong import, so it cannot pass by checking nothing."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(package_parent: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """lint-imports with the project's contract on the `hangviet` package found in `package_parent`."""
    return subprocess.run(  # noqa: S603 (our own tool, fixed arguments)
        [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=cwd,
        env={"PYTHONPATH": str(package_parent), "PATH": "/usr/bin:/bin", "NO_COLOR": "1", "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the package's Python modules, to plant a wrong import in."""
    shutil.copytree(
        ROOT / "src" / "hangviet",
        tmp_path / "hangviet",
        ignore=shutil.ignore_patterns("__pycache__", "locale", "templates", "static", "data", "fonts"),
    )
    return tmp_path


def test_the_code_keeps_the_contract(tmp_path):
    result = lint_imports(ROOT / "src", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_the_copy_keeps_the_contract_before_anything_is_planted(tree):
    result = lint_imports(tree, tree)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "line", "message"),
    [
        # a lower room importing a higher one: the catalog reading OCOP certificates itself
        (
            "catalog/wrong.py",
            "from hangviet.ocop.models import Certificate\n",
            "hangviet.catalog is not allowed to import hangviet.ocop",
        ),
        # accounts reaching up into sellers
        (
            "accounts/wrong.py",
            "from hangviet.sellers.models import Membership\n",
            "hangviet.accounts is not allowed to import hangviet.sellers",
        ),
        # two rooms on one step: orders and ocop are independent
        (
            "orders/wrong.py",
            "from hangviet.ocop import queries\n",
            "hangviet.orders is not allowed to import hangviet.ocop",
        ),
        # nothing imports config, not even a function-level import
        (
            "core/wrong.py",
            "def f():\n    from hangviet.config import settings\n",
            "hangviet.core is not allowed to import hangviet.config",
        ),
    ],
)
def test_a_wrong_import_breaks_the_contract(tree, module, line, message):
    (tree / "hangviet" / module).write_text(line)
    result = lint_imports(tree, tree)
    assert result.returncode != 0
    assert "0 kept, 1 broken" in result.stdout
    assert message in result.stdout

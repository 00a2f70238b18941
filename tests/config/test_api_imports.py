"""Nothing imports config: a room's API module can be imported on its own (ISSUE 11, point 1).

Before, apps' api.py imported `token_auth` from config/api.py, whose module body imports every app's
api.py to assemble the API: `import hangviet.catalog.api` first in a bare `django.setup()` failed with
"cannot import name 'router' from partially initialized module".
"""

import ast
import os
import subprocess
import sys
from pathlib import Path

import hangviet

SRC = Path(hangviet.__file__).parent


def test_a_rooms_api_imports_first_in_a_bare_django_setup():
    code = (
        "import sys, django; django.setup(); import hangviet.catalog.api, hangviet.orders.api; "
        "assert 'hangviet.config.api' not in sys.modules, 'a room imported the API assembly'"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "hangviet.config.test_settings"}
    result = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]


def test_no_module_outside_config_imports_config():
    offenders = []
    for path in SRC.rglob("*.py"):
        if path.parts[len(SRC.parts)] == "config":
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            offenders += [f"{path.relative_to(SRC)}: {n}" for n in names if n.startswith("hangviet.config")]
    assert offenders == []

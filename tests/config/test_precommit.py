"""The pre-commit hooks run what make lint and make typecheck run, with the same tools (the .venv's)."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def make_commands(target: str) -> set[str]:
    """The tool and subcommand of each `$(BIN)/tool …` line of a Makefile target's recipe."""
    recipe = re.search(rf"^{target}:.*\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text(), re.MULTILINE)
    assert recipe, target
    commands = set()
    for line in recipe.group(1).splitlines():
        words = [w for w in line.split() if not w.startswith("-") and "/" not in w.removeprefix("$(BIN)/")]
        if words and words[0].startswith("$(BIN)/"):
            tool = words[0].removeprefix("$(BIN)/")
            commands.add(" ".join([tool, *words[1:2]]) if tool == "ruff" else tool)
    return commands


def hook_commands() -> set[str]:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    commands = set()
    for repo in config["repos"]:
        assert repo["repo"] == "local", "hooks run the .venv's tools, pinned by requirements-dev.lock"
        for hook in repo["hooks"]:
            entry = hook["entry"].split()
            assert entry[0].startswith(".venv/bin/"), hook["id"]
            tool = entry[0].removeprefix(".venv/bin/")
            commands.add(" ".join([tool, entry[1]]) if tool == "ruff" else tool)
    return commands


def test_every_lint_and_type_check_has_a_hook():
    expected = make_commands("lint") | make_commands("typecheck")
    assert {"ruff check", "ruff format", "mypy"} <= expected
    assert expected <= hook_commands(), sorted(expected - hook_commands())

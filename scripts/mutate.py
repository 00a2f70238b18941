"""Mutation testing of the pure-logic rules (`make mutate`; docs/testing.md).

Change one thing at a time in a module (a comparison or boolean operator, an arithmetic operator, an integer
constant ±1, a deleted `raise`/`return`, a branch that never runs, an entry of a small literal table) and run
that module's tests: a mutant the tests do not notice "survives" and names a rule nobody checks.

Why not mutmut: mutmut 3 copies the tree into `mutants/` and trampolines every function, which the src layout,
Django's app registry and the settings import do not survive. This driver is small and fast instead: the
parent process imports Django and the project once; each mutant runs in a forked child that executes the
mutated module's code into the already imported module (and points every other `hangviet` module's
reference to the old function, class or table at the new one), then runs the mapped tests with
`pytest -x -q -n 0 -p no:randomly`. Nothing is written to the source tree. A child that runs longer than
MUTATE_TIMEOUT seconds is killed (counted as killed: the mutant made the rule hang).

    python scripts/mutate.py [module …]          # every module of MODULES, or the named ones
    MUTATE_MAX=40 python scripts/mutate.py       # at most 40 mutants per module, a fixed sample (MUTATE_SEED)
    python scripts/mutate.py --list vietqr       # the mutants, without running anything

Equivalent mutants (no test can tell them from the original) are listed with the reason in
scripts/mutate_equivalent.txt and not counted. The summary goes to stdout and, with --report FILE, as
Markdown to FILE.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import os
import random
import signal
import sys
import time
import types
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENT_FILE = ROOT / "scripts" / "mutate_equivalent.txt"


@dataclass(frozen=True)
class Target:
    module: str  # dotted, under src/
    tests: tuple[str, ...]
    scope: tuple[str, ...] = ()  # top-level names to mutate; empty: all of the module


MODULES: dict[str, Target] = {
    "vietqr": Target(
        "hangviet.core.vietqr", ("tests/core/test_vietqr_rules.py", "tests/orders/test_vietqr.py")
    ),
    "digital_link": Target(
        "hangviet.trace.digital_link",
        ("tests/trace/test_digital_link_rules.py", "tests/trace/test_digital_link.py"),
    ),
    "epcis": Target(
        "hangviet.trace.epcis",
        ("tests/trace/test_epcis_times.py", "tests/trace/test_epcis_corrections_and_identifiers.py"),
        scope=(
            "is_uri",
            "_epc_checked",
            "_vocab",
            "normalize_vocab",
            "_text",
            "_instant",
            "_number",
            "_unique",
            "_path",
            "_is_tag",
            "_errors",
        ),
    ),
    "text": Target("hangviet.core.text", ("tests/core/test_text_money_rules.py", "tests/core/test_text.py")),
    "money": Target(
        "hangviet.core.money", ("tests/core/test_text_money_rules.py", "tests/core/test_money.py")
    ),
    "telex": Target(
        "hangviet.catalog.telex", ("tests/catalog/test_telex_rules.py", "tests/catalog/test_telex.py")
    ),
    "search_query": Target(
        "hangviet.catalog.search",
        ("tests/catalog/test_search_operators.py",),
        scope=("parse_query", "ParsedQuery", "_words", "_folded_words"),
    ),
    "order_states": Target(
        "hangviet.orders.services.lifecycle",
        ("tests/orders/test_state_table.py",),
        scope=("TRANSITIONS", "RELEASES_STOCK", "allowed_moves", "_transition"),
    ),
    "ocop_rules": Target("hangviet.ocop.services.rules", ("tests/ocop/test_band_rules.py",)),
    "ocop_scoring": Target(
        "hangviet.ocop.services.scoring",
        ("tests/ocop/test_band_rules.py", "tests/ocop/test_scoring.py"),
        scope=("_parse_points", "check_scores", "mean", "outcome_of"),
    ),
    "payouts": Target(
        "hangviet.orders.payouts",
        ("tests/orders/test_payout_formulas.py", "tests/orders/test_payouts.py"),
        scope=("WITHHOLDING_KINDS", "round_vnd", "StatementLine", "Statement", "line_for", "month_bounds"),
    ),
    "ratelimit": Target("hangviet.core.ratelimit", ("tests/core/test_ratelimit.py",)),
    "signing": Target("hangviet.network.signing", ("tests/network/test_signing.py",)),
    "mou_states": Target(
        "hangviet.promotion.services.trips",
        ("tests/promotion/test_state_tables.py",),
        scope=("MOU_TRANSITIONS", "change_mou_status"),
    ),
}

_COMPARE = {
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
_BINARY = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.FloorDiv,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Mult,
    ast.Mod: ast.FloorDiv,
    ast.BitAnd: ast.BitOr,
    ast.BitOr: ast.BitAnd,
    ast.LShift: ast.RShift,
    ast.RShift: ast.LShift,
}
_SYMBOL = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.In: "in",
    ast.NotIn: "not in",
    ast.Is: "is",
    ast.IsNot: "is not",
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.BitAnd: "&",
    ast.BitOr: "|",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.And: "and",
    ast.Or: "or",
}
SMALL_TABLE = (
    16  # literal dicts/sets up to this size: each entry may be deleted (transition tables, role sets)
)


@dataclass
class Mutant:
    index: int
    line: int
    what: str

    def key(self, module: str) -> str:
        return f"{module}:{self.line}:{self.what}"


class Mutator(ast.NodeTransformer):
    """Walks the module in a fixed order numbering each possible mutation; `apply=k` makes mutation k."""

    def __init__(self, source: str, scope: tuple[str, ...], apply: int = -1) -> None:
        self.source = source
        self.scope = scope
        self.apply = apply
        self.found: list[Mutant] = []

    def _site(self, node: ast.AST, what: str) -> bool:
        """Record a possible mutation; True when it is the one to make."""
        index = len(self.found)
        self.found.append(Mutant(index, getattr(node, "lineno", 0), what))
        return index == self.apply

    def _text(self, node: ast.AST) -> str:
        text = ast.get_source_segment(self.source, node) or ast.unparse(node)
        text = " ".join(text.split())
        return text if len(text) <= 60 else text[:57] + "…"

    # What is never mutated: imports, docstrings, annotations, f-string internals, `if TYPE_CHECKING`.
    def visit_Module(self, node: ast.Module) -> ast.AST:
        body = []
        for stmt in node.body:
            names = _defined_names(stmt)
            if (
                isinstance(stmt, (ast.Import, ast.ImportFrom))
                or _is_docstring(stmt)
                or (self.scope and not (names & set(self.scope)))
                or (isinstance(stmt, ast.If) and "TYPE_CHECKING" in ast.unparse(stmt.test))
            ):
                body.append(stmt)
            else:
                body.append(self.visit(stmt))
        node.body = body
        return node

    def visit_Expr(self, node: ast.Expr) -> ast.AST:
        return node if _is_docstring(node) else self.generic_visit(node)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> ast.AST:
        return node

    def visit_arg(self, node: ast.arg) -> ast.AST:
        return node

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        node.returns = node.returns  # annotations untouched
        node.body = [self.visit(s) if not _is_docstring(s) else s for s in node.body]
        node.args.defaults = [self.visit(d) for d in node.args.defaults]
        node.args.kw_defaults = [self.visit(d) if d is not None else None for d in node.args.kw_defaults]
        return node

    def visit_AnnAssign(self, node: ast.AnnAssign) -> ast.AST:
        if node.value is not None:
            node.value = self.visit(node.value)
        return node

    def visit_Compare(self, node: ast.Compare) -> ast.AST:
        self.generic_visit(node)
        for i, op in enumerate(node.ops):
            new = _COMPARE.get(type(op))
            if new and self._site(node, f"`{self._text(node)}`: {_SYMBOL[type(op)]} → {_SYMBOL[new]}"):
                node.ops[i] = new()
        return node

    def visit_BoolOp(self, node: ast.BoolOp) -> ast.AST:
        self.generic_visit(node)
        new = ast.Or if isinstance(node.op, ast.And) else ast.And
        if self._site(node, f"`{self._text(node)}`: {_SYMBOL[type(node.op)]} → {_SYMBOL[new]}"):
            node.op = new()
        return node

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        if isinstance(node.op, ast.Mod) and _is_text(node.left):
            return node  # "…%(n)s…" % {…}: a message being formatted, not arithmetic
        self.generic_visit(node)
        new = _BINARY.get(type(node.op))
        if new and self._site(node, f"`{self._text(node)}`: {_SYMBOL[type(node.op)]} → {_SYMBOL[new]}"):
            node.op = new()
        return node

    def visit_UnaryOp(self, node: ast.UnaryOp) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.op, ast.Not) and self._site(node, f"`{self._text(node)}`: drop `not`"):
            return node.operand
        if isinstance(node.op, ast.USub) and self._site(node, f"`{self._text(node)}`: drop unary `-`"):
            return node.operand
        return node

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        value = node.value
        if isinstance(value, bool):
            if self._site(node, f"`{value}` → `{not value}`"):
                return ast.copy_location(ast.Constant(not value), node)
        elif isinstance(value, int):
            for delta in (1, -1):
                if self._site(node, f"`{value}` → `{value + delta}`"):
                    return ast.copy_location(ast.Constant(value + delta), node)
        return node

    def visit_Raise(self, node: ast.Raise) -> ast.AST:
        if self._site(node, f"delete `{self._text(node)}`"):
            return ast.copy_location(ast.Pass(), node)
        return self.generic_visit(node)

    def visit_Return(self, node: ast.Return) -> ast.AST:
        if (
            node.value is not None
            and not _is_none(node.value)
            and self._site(node, f"`{self._text(node)}` → `return None`")
        ):
            return ast.copy_location(ast.Return(ast.Constant(None)), node)
        return self.generic_visit(node)

    def visit_If(self, node: ast.If) -> ast.AST:
        if self._site(node, f"branch `if {self._text(node.test)}` never taken"):
            node.test = ast.copy_location(ast.Constant(False), node.test)
            return node
        return self.generic_visit(node)

    def visit_Continue(self, node: ast.Continue) -> ast.AST:
        if self._site(node, "delete `continue`"):
            return ast.copy_location(ast.Pass(), node)
        return node

    def visit_Break(self, node: ast.Break) -> ast.AST:
        if self._site(node, "delete `break`"):
            return ast.copy_location(ast.Pass(), node)
        return node

    def visit_Dict(self, node: ast.Dict) -> ast.AST:
        self.generic_visit(node)
        if 1 < len(node.keys) <= SMALL_TABLE:
            for i, key in enumerate(list(node.keys)):
                if key is not None and self._site(node, f"delete table entry `{self._text(key)}`"):
                    del node.keys[i], node.values[i]
                    break
        return node

    def visit_Set(self, node: ast.Set) -> ast.AST:
        self.generic_visit(node)
        if 1 < len(node.elts) <= SMALL_TABLE:
            for i, elt in enumerate(list(node.elts)):
                if self._site(node, f"delete `{self._text(elt)}` from `{self._text(node)}`"):
                    del node.elts[i]
                    break
        return node


def _is_docstring(stmt: ast.AST) -> bool:
    return (
        isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Constant)
        and isinstance(stmt.value.value, str)
    )


def _is_text(node: ast.AST) -> bool:
    """A string literal or a translated one (`_("…")`, `gettext("…")`)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in {"_", "gettext", "ngettext"}
    )


def _is_none(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _defined_names(stmt: ast.stmt) -> set[str]:
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {stmt.name}
    targets: list[ast.expr] = []
    if isinstance(stmt, ast.Assign):
        targets = stmt.targets
    elif isinstance(stmt, ast.AnnAssign):
        targets = [stmt.target]
    return {t.id for t in targets if isinstance(t, ast.Name)}


def source_of(target: Target) -> tuple[Path, str]:
    path = ROOT / "src" / (target.module.replace(".", "/") + ".py")
    return path, path.read_text(encoding="utf-8")


def mutants_of(target: Target) -> list[Mutant]:
    path, source = source_of(target)
    mutator = Mutator(source, target.scope)
    mutator.visit(ast.parse(source, str(path)))
    return mutator.found


def mutated_code(target: Target, index: int) -> types.CodeType:
    path, source = source_of(target)
    tree = ast.parse(source, str(path))
    Mutator(source, target.scope, apply=index).visit(tree)
    ast.fix_missing_locations(tree)
    return compile(tree, str(path), "exec")


def load_equivalent() -> dict[str, str]:
    """`module | line | mutation | reason` lines of scripts/mutate_equivalent.txt."""
    known: dict[str, str] = {}
    if EQUIVALENT_FILE.exists():
        for raw in EQUIVALENT_FILE.read_text(encoding="utf-8").splitlines():
            if raw.strip() and not raw.startswith("#"):
                module, line, what, reason = (part.strip() for part in raw.split(" | ", 3))
                known[f"{module}:{line}:{what}"] = reason
    return known


def _rebind(module: types.ModuleType, old: dict[str, object]) -> None:
    """Point other modules' references to the module's old functions, classes and tables at the new ones."""
    swaps: dict[int, object] = {}
    for name, before in old.items():
        after = module.__dict__.get(name)
        if after is before or after is None:
            continue
        if (
            isinstance(before, (types.FunctionType, type))
            and getattr(before, "__module__", "") == module.__name__
        ) or (isinstance(before, (dict, set, frozenset, list)) and before):
            swaps[id(before)] = after
    for other in list(sys.modules.values()):
        name = getattr(other, "__name__", "")
        if other is module or not name.startswith(("hangviet", "tests")):
            continue
        for attr, value in list(vars(other).items()):
            if id(value) in swaps and value is old.get(attr, value):
                setattr(other, attr, swaps[id(value)])


def run_child(target: Target, index: int | None, timeout: float) -> str:
    """Fork; the child makes mutant `index` (None: none), runs the tests: 'killed', 'survived', 'timeout'."""
    pid = os.fork()
    if pid == 0:  # the child
        code = 3
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            if not os.environ.get("MUTATE_VERBOSE"):
                os.dup2(devnull, 1)
                os.dup2(devnull, 2)
            if index is not None:
                module = importlib.import_module(target.module)
                old = dict(vars(module))
                try:
                    exec(mutated_code(target, index), module.__dict__)  # noqa: S102
                except Exception:
                    os._exit(1)  # the mutant does not even import: killed
                _rebind(module, old)
            import pytest

            args = [
                *target.tests,
                "-x",
                "-q",
                "-n",
                "0",
                "-p",
                "no:randomly",
                "--reuse-db",
                "-p",
                "no:cacheprovider",
            ]
            code = int(pytest.main(args))
        except BaseException:
            code = 3
        finally:
            os._exit(code)
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            code = os.waitstatus_to_exitcode(status)
            return "survived" if code == 0 else "killed"
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return "timeout"
        time.sleep(0.02)


@dataclass
class Result:
    name: str
    total: int = 0
    run: int = 0
    killed: int = 0
    survived: list[Mutant] = field(default_factory=list)
    equivalent: list[tuple[Mutant, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def score(self) -> float:
        counted = self.run - len(self.equivalent)
        return 100.0 * self.killed / counted if counted else 100.0


def run_module(name: str, target: Target, limit: int, seed: int, timeout: float) -> Result:
    started = time.monotonic()
    result = Result(name)
    mutants = mutants_of(target)
    result.total = len(mutants)
    if limit and len(mutants) > limit:
        mutants = sorted(
            random.Random(f"{seed}:{name}").sample(mutants, limit),  # noqa: S311 — a reproducible sample, not a secret
            key=lambda m: m.index,
        )
    baseline = run_child(target, None, timeout * 4)
    if baseline != "survived":
        sys.exit(f"{name}: the tests fail without any mutant ({', '.join(target.tests)}): fix them first")
    equivalent = load_equivalent()
    for mutant in mutants:
        outcome = run_child(target, mutant.index, timeout)
        result.run += 1
        reason = equivalent.get(mutant.key(target.module))
        if reason is not None and outcome == "survived":
            result.equivalent.append((mutant, reason))
        elif outcome == "survived":
            result.survived.append(mutant)
            print(f"  survived  {name} L{mutant.line}: {mutant.what}", flush=True)
        else:
            result.killed += 1
    result.seconds = time.monotonic() - started
    counted = result.run - len(result.equivalent)
    print(
        f"{name}: {result.killed}/{counted} killed ({result.score:.0f} %), {len(result.survived)} survived, "
        f"{len(result.equivalent)} equivalent, {result.total} possible, {result.seconds:.0f} s",
        flush=True,
    )
    return result


def markdown(results: list[Result], limit: int, seed: int, targets: dict[str, Target]) -> str:
    lines = [
        f"Run: `MUTATE_MAX={limit} MUTATE_SEED={seed} make mutate` ({time.strftime('%Y-%m-%d')})",
        "",
        "| module | file | possible | run | killed | survived | equivalent | score |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        counted = r.run - len(r.equivalent)
        path = targets[r.name].module.removeprefix("hangviet.").replace(".", "/") + ".py"
        lines.append(
            f"| {r.name} | `{path}` | {r.total} | {r.run} | {r.killed} | {len(r.survived)} | "
            f"{len(r.equivalent)} | {r.killed}/{counted} = {r.score:.0f} % |"
        )
    survivors = [(r.name, m) for r in results for m in r.survived]
    if survivors:
        lines += ["", "Survivors:", ""]
        lines += [f"- {name} L{m.line}: {m.what}" for name, m in survivors]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("modules", nargs="*", help=f"some of: {', '.join(MODULES)}")
    parser.add_argument("--list", action="store_true", help="list the mutants, run nothing")
    parser.add_argument("--report", help="write the Markdown summary to this file")
    options = parser.parse_args()
    names = options.modules or list(MODULES)
    unknown = [n for n in names if n not in MODULES]
    if unknown:
        parser.error(f"unknown module(s): {', '.join(unknown)}")
    limit = int(os.environ.get("MUTATE_MAX", "0"))
    seed = int(os.environ.get("MUTATE_SEED", "0"))
    timeout = float(os.environ.get("MUTATE_TIMEOUT", "60"))
    if options.list:
        for name in names:
            target = MODULES[name]
            for m in mutants_of(target):
                print(f"{name} #{m.index} L{m.line}: {m.what}")
        return
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hangviet.config.test_settings")
    os.environ["PYTHONDONTWRITEBYTECODE"] = "1"
    import django

    django.setup()  # once, in the parent: every child starts from here
    # pytest's plugins and the suite's conftest, imported once too (a child then starts in ~2 s, not ~15).
    from importlib.metadata import entry_points

    for plugin in entry_points(group="pytest11"):
        try:
            plugin.load()
        except Exception as exc:
            print(f"(pytest plugin {plugin.name} not preloaded: {exc})")
    importlib.import_module("tests.conftest")
    for name in names:
        importlib.import_module(MODULES[name].module)
    results = [run_module(name, MODULES[name], limit, seed, timeout) for name in names]
    report = markdown(results, limit, seed, MODULES)
    print(report)
    if options.report:
        Path(options.report).write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()

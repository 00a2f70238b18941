"""`hangviet demo-network` (`make network-demo`): three peered nodes of the provincial network on this
machine, Vĩnh Long, Cần Thơ and TP Hồ Chí Minh, each a `hangviet run` (web, task workers, scheduler) with
its own demo catalog, database, keys and var directory under `var/demo-network/<node>/`, on ports 8000,
8001 and 8002. Once the three answer, each adds the other two as peers (the fingerprint check an officer
does on the page is skipped: the nodes were made here) and pulls their catalogs, so a newcomer can order
a Cần Thơ product on the Vĩnh Long node right away. Ctrl-C stops all three.
"""

import argparse
import os
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from hangviet.config.cli import _supervise

PASSWORD = "demo-hangviet-2026"  # noqa: S105 (the documented demo password)
HANGVIET = [sys.executable, "-m", "hangviet.config.cli"]


@dataclass(frozen=True)
class DemoNode:
    name: str  # directory and node id prefix
    title: str
    province: str
    officer: str
    offset: int  # port = base port + offset

    def port(self, base: int) -> int:
        return base + self.offset

    def url(self, base: int) -> str:
        return f"http://127.0.0.1:{self.port(base)}"


NODES = (
    DemoNode("vinhlong", "HàngViệt Vĩnh Long", "86", "officer@demo.hangviet.vn", 0),
    DemoNode("cantho", "HàngViệt Cần Thơ", "92", "canbo.92@demo.hangviet.vn", 1),
    DemoNode("hcm", "HàngViệt TP Hồ Chí Minh", "79", "canbo.79@demo.hangviet.vn", 2),
)


def node_env(node: DemoNode, root: Path, base_port: int, sync_seconds: int) -> dict[str, str]:
    """The node's own settings: nothing of this shell's HANGVIET_*, database or Redis carries over (three
    nodes sharing one database or cache would be one node)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("HANGVIET_", "DJANGO_")) and k not in {"DATABASE_URL", "REDIS_URL"}
    }
    var = root / node.name
    env.update(
        HANGVIET_VAR_DIR=str(var),
        DATABASE_URL=f"sqlite:///{var / 'hangviet.sqlite3'}",
        HANGVIET_NODE_ID=f"{node.name}.localhost",
        HANGVIET_NODE_NAME=node.title,
        HANGVIET_NODE_PROVINCE=node.province,
        HANGVIET_PROVINCE_CODE=node.province,
        HANGVIET_BASE_URL=node.url(base_port),
        HANGVIET_NETWORK_SYNC_SECONDS=str(sync_seconds),
        # Vĩnh Long gets the platform's demo (loaded by `hangviet run`); the others their province's own.
        HANGVIET_DEMO="1" if node.province == "86" else "0",
    )
    env.setdefault("LOG_LEVEL", "WARNING")  # three nodes' task logs would bury the banner
    return env


def _run_all(commands: list[tuple[list[str], dict[str, str]]], what: str) -> None:
    """Run the commands side by side; stop with their output when one fails."""
    procs = [
        subprocess.Popen(  # noqa: S603 - our own command
            [*HANGVIET, *argv], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        for argv, env in commands
    ]
    for proc in procs:
        out, _ = proc.communicate()
        if proc.returncode != 0:
            raise SystemExit(f"hangviet demo-network: {what} failed:\n{out.decode(errors='replace')[-3000:]}")


def prepare(root: Path, envs: dict[str, dict[str, str]]) -> None:
    """Databases migrated, the Cần Thơ and TP Hồ Chí Minh catalogs loaded, one shared static directory."""
    (root / "static").mkdir(parents=True, exist_ok=True)
    for node in NODES:
        var = root / node.name
        var.mkdir(parents=True, exist_ok=True)
        if not (var / "static").exists():
            (var / "static").symlink_to(root / "static", target_is_directory=True)
    print("hangviet demo-network: migrating the three databases…", flush=True)
    _run_all([(["migrate", "--noinput", "-v", "0"], envs[n.name]) for n in NODES], "migrate")
    _run_all([(["network", "demo"], envs[n.name]) for n in NODES if n.province != "86"], "the demo catalogs")


def _ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:  # noqa: S310 - 127.0.0.1
            return bool(response.status == 200)
    except OSError:
        return False


def _peer_and_pull(base_port: int, envs: dict[str, dict[str, str]]) -> None:
    peering = []
    for n in NODES:
        others = [o.url(base_port) for o in NODES if o != n]
        peering.append((["network", "add-peer", *others, "--yes"], envs[n.name]))
    _run_all(peering, "peering")
    _run_all([(["network", "sync"], envs[n.name]) for n in NODES], "the first catalog pull")


def link(base_port: int, envs: dict[str, dict[str, str]], timeout: float = 900) -> bool:
    """Wait until the three answer, peer each with the other two, pull the catalogs, say where to go."""
    deadline = time.monotonic() + timeout
    while not all(_ready(n.url(base_port)) for n in NODES):
        if time.monotonic() > deadline:
            print("hangviet demo-network: the nodes did not all start; not peered", file=sys.stderr)
            return False
        time.sleep(1)
    try:
        _peer_and_pull(base_port, envs)
    except SystemExit as exc:  # in this thread: say why, the nodes keep running unpeered
        print(exc, file=sys.stderr, flush=True)
        return False
    lines = ["", "HàngViệt demo network: three nodes, peered and synced (Ctrl-C stops all three)"]
    for n in NODES:
        lines.append(f"  {n.title:<26} {n.url(base_port)}/   officer {n.officer}")
    lines += [
        f"  password {PASSWORD}",
        f"  Try {NODES[0].url(base_port)}/search/?q=b%C3%A1nh+p%C3%ADa : Cần Thơ's products on the Vĩnh Long"
        ' node. Order one ("Hàng của tỉnh khác" in the cart),',
        f"  then sign in on {NODES[1].url(base_port)}/ as shop1.92@demo.hangviet.vn and confirm the order:",
        "  its status comes back to the buyer's order page on Vĩnh Long.",
        "",
    ]
    print("\n".join(lines), flush=True)
    return True


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hangviet.config.settings")
    from django.conf import settings

    parser = argparse.ArgumentParser(prog="hangviet demo-network")
    parser.add_argument("--base-port", type=int, default=8000, help="Vĩnh Long's port; the others follow")
    parser.add_argument("--dir", type=Path, default=None, help="default: var/demo-network")
    parser.add_argument("--sync-seconds", type=int, default=20, help="how often each node pulls its peers")
    opts = parser.parse_args(argv)
    root = (opts.dir or Path(settings.VAR_DIR) / "demo-network").resolve()
    envs = {n.name: node_env(n, root, opts.base_port, opts.sync_seconds) for n in NODES}
    prepare(root, envs)
    commands = {
        n.name: [
            *HANGVIET,
            "run",
            "--host",
            "127.0.0.1",
            "--port",
            str(n.port(opts.base_port)),
            "--workers",
            "1",
        ]
        for n in NODES
    }
    threading.Thread(target=link, args=(opts.base_port, envs), daemon=True).start()
    return _supervise(commands, envs=envs)

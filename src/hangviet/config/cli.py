"""The `hangviet` command: serve, worker, run (both), static, and every Django management command."""

import argparse
import contextlib
import fcntl
import hashlib
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

# Written beside the static files' manifest: a digest of the static sources they were collected from.
STATIC_SOURCES_STAMP = ".hangviet-static-sources"


def _django(argv: list[str]) -> None:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["hangviet", *argv])


def _serve_argv(host: str, port: int, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "wsgi",
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--blocking-threads",
        "4",
        "--no-ws",
        # A worker that dies (a crash, the OOM killer, kill -9) is replaced while the others keep serving;
        # without this granian stops the whole server when one worker exits.
        "--respawn-failed-workers",
        "hangviet.config.wsgi:application",
    ]


def _task_queues() -> list[str]:
    from django.conf import settings

    return list(settings.TASKS["default"].get("QUEUES") or ["default"])


def _worker_argv(queue: str) -> list[str]:
    return [sys.executable, "-m", "hangviet.config.cli", "task_worker", "--queue", queue]


def _scheduler_argv() -> list[str]:
    return [sys.executable, "-m", "hangviet.config.cli", "scheduler"]


_worker_name_locks: list[IO[str]] = []  # held open for the life of this process


def _claim_worker_name(folder: Path) -> None:
    """Name this process's task workers "<host>-<n>" with the first n no other `hangviet worker` holds.

    A task worker's id must be unique yet come back after a restart (core/workers.py): a lock file per
    n, held while this process lives, gives both, also with two `hangviet worker` on one machine.
    """
    if os.environ.get("HANGVIET_WORKER_NAME"):
        return
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(1000):
        lock = open(folder / f"{n}.lock", "w")  # noqa: SIM115 (held open on purpose)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            continue
        _worker_name_locks.append(lock)
        os.environ["HANGVIET_WORKER_NAME"] = f"{socket.gethostname()}-{n}"
        return
    raise SystemExit(f"hangviet: no free task worker name in {folder}")


def _background_commands() -> dict[str, list[str]]:
    """One task worker per queue (a long import never holds up an order's email) and the scheduler."""
    from django.conf import settings

    _claim_worker_name(Path(settings.VAR_DIR) / "workers")
    commands = {f"worker:{queue}": _worker_argv(queue) for queue in _task_queues()}
    commands["scheduler"] = _scheduler_argv()
    return commands


def _prepare() -> None:
    """Migrate, prepare static files and load the demo data (idempotent)."""
    _django(["migrate", "--noinput", "-v", "0"])
    _prepare_static()
    _django(["demo"])


def _static_sources_fingerprint() -> str:
    """A digest of every static source file's path, size and modification time (no file is read)."""
    from django.conf import settings
    from django.contrib.staticfiles import finders

    entries = [settings.STORAGES["staticfiles"]["BACKEND"], settings.STATIC_URL]
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            stat = os.stat(storage.path(path))
            prefix = getattr(storage, "prefix", None) or ""
            entries.append(f"{prefix}/{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(sorted(entries)).encode()).hexdigest()


def _static_files_ready(root: Path, fingerprint: str) -> bool:
    from django.contrib.staticfiles.storage import staticfiles_storage

    manifest_name = getattr(staticfiles_storage, "manifest_name", None)
    stamp = root / STATIC_SOURCES_STAMP
    return (
        (manifest_name is None or (root / manifest_name).is_file())
        and stamp.is_file()
        and stamp.read_text().strip() == fingerprint
    )


def _prepare_static() -> None:
    """Collect the static files when they are missing or older than their sources, else do nothing.

    Without the manifest every page that links a stylesheet fails, so the server must not start without it:
    when the files cannot be collected, exit with a one-line reason.
    """
    from django.conf import settings
    from django.core.management import call_command

    root = Path(settings.STATIC_ROOT)
    try:
        fingerprint = _static_sources_fingerprint()
        if _static_files_ready(root, fingerprint):
            return
        root.mkdir(parents=True, exist_ok=True)
        # Two servers starting on one var dir collect once: the second finds the files ready.
        with open(root / ".collect.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not _static_files_ready(root, fingerprint):
                print(f"hangviet: collecting static files into {root}", file=sys.stderr, flush=True)
                call_command("collectstatic", interactive=False, verbosity=0)
                (root / STATIC_SOURCES_STAMP).write_text(fingerprint + "\n")
    except Exception as error:  # any failure here means pages cannot render: say why, start nothing
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise SystemExit(f"hangviet: cannot prepare the static files in {root}: {reason}") from None


@dataclass
class _Child:
    """One supervised command: its process while running, else when to start it again."""

    argv: list[str]
    env: dict[str, str] | None = None  # None: this process's environment
    proc: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    failures: int = 0  # exits in a row, each soon after its start
    restart_at: float = 0.0


def _restart_delay(failures: int, backoff: tuple[float, float] = (1.0, 60.0)) -> float:
    """Seconds to wait before starting a command again after its `failures`-th quick exit in a row."""
    first, most = backoff
    return min(most, first * 2 ** (failures - 1))


def _plan_restart(
    name: str, child: _Child, now: float, backoff: tuple[float, float], stable_after: float
) -> None:
    """Note that a command's process exited, say so, and set when to start it again."""
    assert child.proc is not None and child.proc.returncode is not None
    _signal_group(child.proc, signal.SIGKILL)  # what it left behind (a server's workers)
    child.failures = child.failures + 1 if now - child.started_at < stable_after else 1
    delay = _restart_delay(child.failures, backoff)
    code = child.proc.returncode
    how = f"exited with code {code}" if code >= 0 else f"was killed by {signal.Signals(-code).name}"
    print(f"hangviet: {name} {how}; starting it again in {delay:g} s", file=sys.stderr)
    child.proc, child.restart_at = None, now + delay


def _supervise(
    commands: dict[str, list[str]],
    grace: float = 10,
    backoff: tuple[float, float] = (1.0, 60.0),
    stable_after: float = 30,
    envs: dict[str, dict[str, str]] | None = None,
) -> int:
    """Run every command until Ctrl-C or SIGTERM, starting again any that exits; then stop them all.

    A command that exits is started again after `_restart_delay` (doubling while it keeps exiting within
    `stable_after` seconds of its start, so one that crashes at start does not spin). Each command runs in
    its own process group, so a stop reaches its whole tree (granian's workers too) and a group that does
    not stop within `grace` seconds is killed: nothing is left holding the port. `envs` gives a command
    its own environment (the demo network's nodes).
    """
    children = {name: _Child(argv, (envs or {}).get(name)) for name, argv in commands.items()}
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    def start(child: _Child) -> None:
        child.proc = subprocess.Popen(child.argv, env=child.env, start_new_session=True)  # noqa: S603 (our own argv)
        child.started_at = time.monotonic()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        for child in children.values():
            start(child)
        while not stopping:
            now = time.monotonic()
            for name, child in children.items():
                if child.proc is None:
                    if now >= child.restart_at:
                        start(child)
                    continue
                if child.proc.poll() is not None:
                    _plan_restart(name, child, now, backoff, stable_after)
            time.sleep(0.1)
    finally:
        running = [child.proc for child in children.values() if child.proc is not None]
        for proc in running:
            _signal_group(proc, signal.SIGTERM)
        deadline = time.monotonic() + grace
        for proc in running:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            _signal_group(proc, signal.SIGKILL)  # whatever of the group is still there (orphaned workers)
            proc.wait()
    return 0


def _signal_group(proc: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, sig)


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hangviet.config.settings")
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="hangviet")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "2")))
    command = argv[0] if argv else "help"
    if command in {"serve", "worker"}:
        os.environ.setdefault("LOG_FORMAT", "json")  # production: one JSON object per line (core.logs)
    if command in {"serve", "worker", "run"}:
        import django

        from hangviet.core.deploy import refuse_unsafe_start

        django.setup()
        refuse_unsafe_start()  # HANGVIET_ENV=production: one line per unsafe setting, then exit 2
    if command in {"serve", "static"}:
        opts = parser.parse_args(argv[1:])
        import django

        django.setup()
        _prepare_static()
        if command == "serve":
            sys.exit(_supervise({"web": _serve_argv(opts.host, opts.port, opts.workers)}))
    elif command == "worker":
        sys.exit(_supervise(_background_commands()))
    elif command == "run":
        opts = parser.parse_args(argv[1:])
        _prepare()
        print(f"HàngViệt: http://{opts.host}:{opts.port}/  (Ctrl-C để dừng / to stop)", flush=True)
        web = _serve_argv(opts.host, opts.port, opts.workers)
        sys.exit(_supervise({"web": web, **_background_commands()}))
    elif command == "demo-network":
        from hangviet.config import demo_network

        sys.exit(demo_network.main(argv[1:]))
    else:
        _django(argv)


if __name__ == "__main__":
    main()

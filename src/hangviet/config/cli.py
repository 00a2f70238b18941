"""The `hangviet` command: serve, worker, run (both), demo, and every Django management command."""

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import time


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
        "hangviet.config.wsgi:application",
    ]


def _worker_argv() -> list[str]:
    return [sys.executable, "-m", "hangviet.config.cli", "db_worker", "--queue-name", "*"]


def _scheduler_argv() -> list[str]:
    return [sys.executable, "-m", "hangviet.config.cli", "scheduler"]


def _prepare() -> None:
    """Migrate, collect static files and load the demo data (idempotent)."""
    _django(["migrate", "--noinput", "-v", "0"])
    _django(["collectstatic", "--noinput", "-v", "0"])
    _django(["demo"])


def _supervise(commands: list[list[str]], grace: float = 10) -> int:
    """Start every command; when one exits or Ctrl-C is pressed, stop them all, children included.

    Each command runs in its own process group, so the stop reaches its whole tree (granian's workers
    too) and a group that does not stop within `grace` seconds is killed: nothing is left holding the port.
    """
    procs = [subprocess.Popen(cmd, start_new_session=True) for cmd in commands]  # noqa: S603 (our own argv)
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        while not stopping and all(p.poll() is None for p in procs):
            time.sleep(0.3)
    finally:
        for p in procs:
            _signal_group(p, signal.SIGTERM)
        deadline = time.monotonic() + grace
        for p in procs:
            with contextlib.suppress(subprocess.TimeoutExpired):
                p.wait(timeout=max(0.1, deadline - time.monotonic()))
            _signal_group(p, signal.SIGKILL)  # whatever of the group is still there (orphaned workers)
            p.wait()
    return 0 if stopping else max((p.returncode or 0) for p in procs)


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
    if command == "serve":
        opts = parser.parse_args(argv[1:])
        os.execv(sys.executable, _serve_argv(opts.host, opts.port, opts.workers))  # noqa: S606
    elif command == "worker":
        sys.exit(_supervise([_worker_argv(), _scheduler_argv()]))
    elif command == "run":
        opts = parser.parse_args(argv[1:])
        _prepare()
        print(f"HàngViệt: http://{opts.host}:{opts.port}/  (Ctrl-C để dừng / to stop)", flush=True)
        sys.exit(
            _supervise([_serve_argv(opts.host, opts.port, opts.workers), _worker_argv(), _scheduler_argv()])
        )
    else:
        _django(argv)


if __name__ == "__main__":
    main()

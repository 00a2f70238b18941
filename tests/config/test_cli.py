import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from hangviet.config.cli import _restart_delay

# A process that starts a grandchild ignoring SIGTERM (like a server worker stuck in its shutdown), writes
# the grandchild's pid, and lives on.
STUBBORN = """
import os, signal, subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c",
    "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)"])
open(sys.argv[1], "w").write(str(child.pid))
time.sleep(60)
"""

# A process that records that it started, then dies at once (a worker that crashes at start).
CRASHER = "import os, sys; open(sys.argv[1], 'a').write(f'{os.getpid()}\\n'); sys.exit(3)"

# The supervisor of `hangviet run`/`worker`/`serve`, in a process of its own so that SIGTERM reaches it
# as it would from Ctrl-C or systemd. Short backoff and grace keep the test quick.
SUPERVISOR = """
import sys
from hangviet.config.cli import _supervise
commands = {name: [sys.executable, "-c", code, arg] for name, code, arg in zip(*[iter(sys.argv[1:])] * 3)}
sys.exit(_supervise(commands, grace=1, backoff=(0.1, 0.2)))
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie is dead for our purpose
        return stat.read().split()[2] != "Z"


def _start_supervisor(*commands: tuple[str, str, str]) -> subprocess.Popen[bytes]:
    args = [item for command in commands for item in command]
    return subprocess.Popen([sys.executable, "-c", SUPERVISOR, *args], stderr=subprocess.PIPE)  # noqa: S603


def _wait_for(condition, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.05)


def _lines(path: Path) -> list[str]:
    return path.read_text().split() if path.exists() else []


def test_sigterm_stops_every_process_and_its_children(tmp_path):
    pid_file = tmp_path / "grandchild.pid"
    supervisor = _start_supervisor(
        ("stubborn", STUBBORN, str(pid_file)), ("sleeper", "import sys, time; time.sleep(60)", "-")
    )
    _wait_for(lambda: pid_file.exists() and pid_file.read_text())
    grandchild = int(pid_file.read_text())

    supervisor.send_signal(signal.SIGTERM)

    assert supervisor.wait(timeout=15) == 0
    _wait_for(lambda: not _alive(grandchild), timeout=5)  # killed with its group after the grace second


def test_a_process_that_dies_is_started_again_until_stopped(tmp_path):
    starts = tmp_path / "starts"
    supervisor = _start_supervisor(("crasher", CRASHER, str(starts)))

    _wait_for(lambda: len(_lines(starts)) >= 3)
    supervisor.send_signal(signal.SIGTERM)

    assert supervisor.wait(timeout=15) == 0
    assert len(set(_lines(starts))) >= 3  # three processes, each started after the previous one died
    stderr = supervisor.stderr.read().decode() if supervisor.stderr else ""
    assert "crasher exited with code 3; starting it again in 0.1 s" in stderr


def test_a_process_that_keeps_crashing_at_start_waits_longer_each_time():
    # seconds before the n-th consecutive restart, with the default backoff of 1 s doubling up to 60 s
    assert [_restart_delay(n) for n in range(1, 9)] == [1, 2, 4, 8, 16, 32, 60, 60]
    assert _restart_delay(3, backoff=(0.5, 1.5)) == 1.5

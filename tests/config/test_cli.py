import os
import sys
import time

from hangviet.config.cli import _supervise

# A process that starts a grandchild ignoring SIGTERM (like a server worker stuck in its shutdown), writes
# the grandchild's pid, and lives on.
STUBBORN = """
import os, signal, subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c",
    "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)"])
open(sys.argv[1], "w").write(str(child.pid))
time.sleep(60)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie is dead for our purpose
        return stat.read().split()[2] != "Z"


def test_when_one_process_exits_every_other_one_and_its_children_are_stopped(tmp_path):
    pid_file = tmp_path / "grandchild.pid"
    started = time.monotonic()
    code = _supervise(
        [
            [sys.executable, "-c", STUBBORN, str(pid_file)],
            [sys.executable, "-c", "import time; time.sleep(1.5); raise SystemExit(3)"],
        ],
        grace=1,
    )
    assert code == 3  # the exit status of the process that stopped first
    assert time.monotonic() - started < 15
    grandchild = int(pid_file.read_text())
    time.sleep(0.2)
    assert not _alive(grandchild)

"""The real server, as an operator starts it: `hangviet migrate` then `hangviet serve` in a fresh var dir.

One server per test module (migrating a fresh database takes seconds); it runs once, on the SQLite leg,
with its own file database: what it tests is the process, not the database engine.
"""

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="the real-server test runs once, on the SQLite leg (it makes its own SQLite database)",
)

# Ports 8131–8134, one per xdist worker, so that two workers never start servers on one port.
BASE_PORT = int(os.environ.get("HANGVIET_TEST_SERVER_PORT", "8131"))


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "hangviet.config.cli", *args]


def _get(
    port: int, path: str, headers: dict[str, str] | None = None
) -> tuple[int, http.client.HTTPMessage, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry))
    return sorted(found)


def _web_workers(server: subprocess.Popen[bytes]) -> list[int]:
    """granian's worker processes: the children of the granian process the supervisor started."""
    return [worker for granian in _children(server.pid) for worker in _children(granian)]


def _wait_for(condition, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.1)
    return result


@pytest.fixture(scope="module")
def server(tmp_path_factory, worker_id):
    var_dir = tmp_path_factory.mktemp("var")
    port = BASE_PORT + (int(worker_id[2:]) if worker_id.startswith("gw") else 0)
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        HANGVIET_VAR_DIR=str(var_dir),
        DJANGO_SETTINGS_MODULE="hangviet.config.settings",
        DEBUG="0",
        HANGVIET_DEMO="0",
    )
    subprocess.run(_cli("migrate", "--noinput", "-v", "0"), env=env, check=True)  # noqa: S603
    log = (var_dir / "serve.log").open("wb")
    proc = subprocess.Popen(  # noqa: S603
        _cli("serve", "--port", str(port), "--workers", "2"),
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )

    def ready() -> bool:
        assert proc.poll() is None, (var_dir / "serve.log").read_text()
        try:
            return _get(port, "/healthz")[0] == 200 and len(_web_workers(proc)) == 2
        except OSError:
            return False

    try:
        _wait_for(ready, timeout=120)
        yield port, proc, var_dir
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def test_serve_after_only_migrate_serves_pages_with_their_stylesheet(server):
    port, _, _ = server

    status, _, body = _get(port, "/")
    assert status == 200, body[:500]
    stylesheet = re.search(rb'<link rel="stylesheet" href="(/static/web/site\.[0-9a-f]{12}\.css)">', body)
    assert stylesheet, body[:1000]
    status, headers, css = _get(port, stylesheet.group(1).decode())
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert css == (Path(__file__).parents[2] / "src/hangviet/web/static/web/site.css").read_bytes()


def test_a_killed_web_worker_is_replaced_while_the_other_keeps_serving(server):
    port, proc, var_dir = server
    workers = _web_workers(proc)
    assert len(workers) == 2

    os.kill(workers[0], signal.SIGKILL)
    # Each worker listens on a socket of its own (SO_REUSEPORT): until the dead one's last thread is gone,
    # the kernel may still hand it a connection, which is then reset. Wait until granian has reaped it.
    _wait_for(lambda: not os.path.exists(f"/proc/{workers[0]}"))

    assert [_get(port, "/healthz")[0] for _ in range(10)] == [200] * 10
    replaced = _wait_for(lambda: len(now := _web_workers(proc)) == 2 and workers[0] not in now and now)
    assert workers[1] in replaced  # the other worker was never stopped
    # the new worker is serving (granian logs each worker's start): three starts, two at launch
    _wait_for(lambda: (var_dir / "serve.log").read_text().count("Started worker-") == 3)
    assert _get(port, "/")[0] == 200


def test_the_server_logs_one_json_line_per_request_with_its_id(server):
    port, _, var_dir = server
    status, headers, _ = _get(port, "/healthz", {"X-Request-ID": "serve-json-1"})
    assert status == 200 and headers["X-Request-ID"] == "serve-json-1"

    def logged() -> dict | None:
        lines = (var_dir / "serve.log").read_text().splitlines()
        return next((json.loads(line) for line in lines if '"serve-json-1"' in line), None)

    entry = _wait_for(logged, timeout=30)
    assert {k: entry[k] for k in ("level", "logger", "request_id", "method", "path", "status")} == {
        "level": "INFO",
        "logger": "hangviet.request",
        "request_id": "serve-json-1",
        "method": "GET",
        "path": "/healthz",
        "status": 200,
    }
    assert entry["duration_ms"] >= 0 and entry["time"].endswith("+00:00")

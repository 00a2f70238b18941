"""GS1 Digital Link conformance table (issue 12, point 7), against the real server and the test client.

Each URI of data/digital_link_conformance.csv (GS1's syntax-engine tests and Digital Link standard
examples, sources in the file) is sent to `hangviet serve` (granian, WSGI: the path arrives decoded)
started on a free port with a migrated SQLite database, and through Django's test client with the raw
path (`RAW_URI`, as gunicorn passes it). Both must answer the status the table says, and answer alike.
"""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from tests.trace.dl_conformance_seed import seed

REPO = Path(__file__).resolve().parents[2]
TABLE = Path(__file__).parent / "data" / "digital_link_conformance.csv"


def _rows() -> list[tuple[str, int, str]]:
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            path, status, source = line.rsplit(",", 2)
            rows.append((path, int(status), source))
    return rows


ROWS = _rows()


def test_the_table_holds_at_least_40_uris_from_gs1():
    assert len(ROWS) >= 40
    assert sum(source in ("engine", "dlspec") for _, _, source in ROWS) >= 40
    assert {status for _, status, _ in ROWS} == {307, 400, 404}


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "hangviet.config.cli", *args]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(port: int, path: str) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`hangviet serve` (one granian worker) on a free port, its own migrated and seeded SQLite database."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("the real-server table runs once, on the SQLite leg (it makes its own SQLite database)")
    var_dir = tmp_path_factory.mktemp("dl-var")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        HANGVIET_VAR_DIR=str(var_dir),
        DJANGO_SETTINGS_MODULE="hangviet.config.settings",
        DEBUG="0",
        HANGVIET_DEMO="0",
        HANGVIET_RATE_LIMITS="off",
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")])),
    )
    subprocess.run(_cli("migrate", "--noinput", "-v", "0"), env=env, check=True)  # noqa: S603
    seed_code = "from tests.trace.dl_conformance_seed import seed; seed()"
    subprocess.run(_cli("shell", "-c", seed_code), env=env, check=True)  # noqa: S603
    port = _free_port()
    log_path = var_dir / "serve.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(  # noqa: S603
            _cli("serve", "--port", str(port), "--workers", "1"),
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 180
            while True:
                assert proc.poll() is None, log_path.read_text()
                try:
                    if _get(port, "/healthz")[0] == 200:
                        break
                except OSError:
                    pass
                assert time.monotonic() < deadline, "server did not start: " + log_path.read_text()
                time.sleep(0.2)
            yield port
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def _answer(status: int, headers: dict[str, str], body: bytes) -> tuple[int, str]:
    """What must agree: the status, and the problem code or where the redirect goes (path and query)."""
    if status == 307:
        location = urlsplit(headers["location"])
        return status, location.path + ("?" + location.query if location.query else "")
    if headers.get("content-type") == "application/problem+json":
        return status, json.loads(body)["code"]
    return status, ""


@pytest.mark.django_db
def test_the_real_server_and_the_test_client_answer_every_uri_as_gs1_reads_it(server, client):
    seed()
    failures = []
    for path, expected, source in ROWS:
        real = _answer(*_get(server, path))
        response = client.get(path, RAW_URI=path)
        headers = {k.lower(): v for k, v in response.headers.items()}
        local = _answer(response.status_code, headers, response.content)
        if real[0] != expected or local != real:
            failures.append(f"{path} ({source}): expected {expected}, granian {real}, test client {local}")
    assert failures == []

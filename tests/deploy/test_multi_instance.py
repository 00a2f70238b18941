"""Several app servers behind a real load balancer, on this machine: a PostgreSQL primary and a streaming
replica (made with pg_basebackup), Redis, an S3-compatible server (moto), two `hangviet serve` instances
with their own var directories, and haproxy in front.

What cannot run here fails with the reason (no silent skip): PostgreSQL's server binaries, haproxy and
Redis are required. Ports: HANGVIET_DEPLOY_TEST_PORT (default 18700) and the next 40.
"""

import io
import json
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

requests = pytest.importorskip("requests", reason="the multi-instance test needs requests (a dev dependency)")

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path(os.environ.get("HANGVIET_PG_BIN", "/usr/lib/postgresql/15/bin"))
BASE = int(os.environ.get("HANGVIET_DEPLOY_TEST_PORT", "18700"))
REDIS_URL = os.environ.get("HANGVIET_DEPLOY_TEST_REDIS_URL", "redis://127.0.0.1:6379/7")
PORTS = {"primary": BASE + 10, "replica": BASE + 11, "s3": BASE + 20, "a": BASE + 31, "b": BASE + 32}
LB = BASE + 40
PRODUCT_PAGE = "/p/mat-hoa-dua/"
PG_ARGS = "-h 127.0.0.1 -p {} -U postgres"
TASKS_TABLE = "django_tasks_database_dbtaskresult"  # django-tasks-db's queue


def _missing() -> str:
    for tool in ("initdb", "pg_ctl", "pg_basebackup"):
        if not (PG_BIN / tool).exists():
            return f"PostgreSQL server binaries not found in {PG_BIN} ({tool}); set HANGVIET_PG_BIN"
    if not shutil.which("haproxy"):
        return "haproxy is not installed (make deploy-test installs Debian's haproxy when it can)"
    host, port = REDIS_URL.split("//")[1].split("/")[0].split(":")
    try:
        socket.create_connection((host, int(port)), timeout=1).close()
    except OSError:
        return f"no Redis answers at {REDIS_URL}"
    return ""


def _as_pg_user(argv: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as the `postgres` user then."""
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


def _run(argv: list[str], **kw) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(argv, capture_output=True, text=True, timeout=600, **kw)  # noqa: S603
    assert result.returncode == 0, f"{argv[:4]}: {result.stdout[-2000:]} {result.stderr[-2000:]}"
    return result


def _wait(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=2).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {seconds} s")


class Cluster:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self.pg_dirs: list[Path] = []
        self.env: dict[str, str] = {}

    # PostgreSQL: a primary and a streaming replica of it, in this test's own directory.
    def start_postgres(self) -> None:
        primary, replica, sock = self.root / "pg-primary", self.root / "pg-replica", self.root / "pg-sock"
        for folder in (primary, replica, sock):
            folder.mkdir(mode=0o700)
            if os.geteuid() == 0:
                uid = pwd.getpwnam("postgres")
                os.chown(folder, uid.pw_uid, uid.pw_gid)
        _run(_as_pg_user([str(PG_BIN / "initdb"), "-D", str(primary), "-A", "trust", "-U", "postgres"]))
        with open(primary / "postgresql.conf", "a") as conf:
            conf.write(
                f"listen_addresses='127.0.0.1'\nport={PORTS['primary']}\nunix_socket_directories='{sock}'\n"
                "wal_level=replica\nmax_wal_senders=4\nfsync=off\nfull_page_writes=off\n"
            )
        with open(primary / "pg_hba.conf", "a") as hba:
            hba.write("host replication all 127.0.0.1/32 trust\n")
        self._pg_ctl(primary, "start")
        self.pg_dirs.append(primary)
        backup = [
            str(PG_BIN / "pg_basebackup"),
            *PG_ARGS.format(PORTS["primary"]).split(),
            "-D",
            str(replica),
        ]
        _run(_as_pg_user([*backup, "-R", "-X", "stream", "--checkpoint=fast"]))
        with open(replica / "postgresql.conf", "a") as conf:
            conf.write(f"port={PORTS['replica']}\nhot_standby=on\n")
        self._pg_ctl(replica, "start")
        self.pg_dirs.append(replica)
        _run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-p",
                str(PORTS["primary"]),
                "-U",
                "postgres",
                "-c",
                "CREATE DATABASE hv",
            ]
        )

    def _pg_ctl(self, data: Path, action: str) -> None:
        log = data.parent / "pg-sock" / f"{data.name}.log"  # a folder the postgres user owns
        _run(
            _as_pg_user([str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-m", "fast", action])
        )

    def stop_replica(self) -> None:
        self._pg_ctl(self.pg_dirs[1], "stop")
        self.pg_dirs.pop()

    def spawn(self, name: str, argv: list[str], env: dict[str, str] | None = None) -> None:
        log = open(self.root / f"{name}.log", "wb")  # noqa: SIM115
        self.procs[name] = subprocess.Popen(  # noqa: S603
            argv, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=self.root, start_new_session=True
        )

    def stop(self, name: str) -> None:
        proc = self.procs.pop(name)
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    def hangviet(self, var: str, *argv: str) -> subprocess.CompletedProcess[str]:
        env = {**self.env, "HANGVIET_VAR_DIR": str(self.root / var)}
        return _run([sys.executable, "-m", "hangviet.config.cli", *argv], env=env, cwd=ROOT)

    def teardown(self) -> None:
        for name in list(self.procs):
            self.stop(name)
        for data in reversed(self.pg_dirs):
            subprocess.run(  # noqa: S603
                _as_pg_user([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                capture_output=True,
                check=False,
            )


HAPROXY = """
global
    maxconn 200
defaults
    mode http
    timeout connect 1s
    timeout client 30s
    timeout server 30s
    timeout check 10s
    retries 3
    option redispatch 1
    retry-on all-retryable-errors
frontend web
    bind 127.0.0.1:{lb}
    default_backend app
backend app
    balance roundrobin
    option httpchk
    http-check send meth GET uri /healthz ver HTTP/1.1 hdr Host 127.0.0.1
    server a 127.0.0.1:{a} check inter 1s fall 2 rise 1
    server b 127.0.0.1:{b} check inter 1s fall 2 rise 1
"""


@pytest.fixture(scope="module")
def cluster():
    if reason := _missing():
        pytest.fail(f"the multi-instance test cannot run here: {reason}")
    import redis

    base = Path(os.environ.get("HANGVIET_DEPLOY_TEST_DIR", tempfile.gettempdir()))
    base.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="hv-deploy-", dir=base))
    root.chmod(0o755)
    c = Cluster(root)
    try:
        c.start_postgres()
        redis.Redis.from_url(REDIS_URL).flushdb()
        c.spawn("s3", [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(PORTS["s3"])])
        _wait(f"http://127.0.0.1:{PORTS['s3']}/")
        s3 = f"http://127.0.0.1:{PORTS['s3']}"
        requests.put(f"{s3}/hangviet", timeout=5).raise_for_status()  # the bucket
        dsn = "postgres://postgres@127.0.0.1:{}/hv"
        c.env = {
            "PATH": os.environ["PATH"],
            "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}",
            "HANGVIET_ENV": "production",
            "HANGVIET_INSTANCES": "2",
            "SECRET_KEY": "deploy-test-secret-key-the-same-on-both-instances",
            "DATABASE_URL": dsn.format(PORTS["primary"]),
            "DATABASE_REPLICA_URL": dsn.format(PORTS["replica"]),
            "REDIS_URL": REDIS_URL,
            "HANGVIET_S3_BUCKET": "hangviet",
            "HANGVIET_S3_ENDPOINT_URL": s3,
            "HANGVIET_S3_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": "test",
            "AWS_SECRET_ACCESS_KEY": "test",
            "HANGVIET_DEMO": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "HANGVIET_BASE_URL": f"http://127.0.0.1:{LB}",
            "CSRF_TRUSTED_ORIGINS": ",".join(f"http://127.0.0.1:{p}" for p in (LB, PORTS["a"], PORTS["b"])),
            "HANGVIET_LOGIN_RATE": "1000/300",
        }
        started = time.monotonic()
        c.hangviet("a", "migrate", "--noinput", "-v", "0")
        print(f"migrate: {time.monotonic() - started:.1f} s", file=sys.stderr)
        seed = c.hangviet("a", "shell", "-c", (Path(__file__).parent / "seed.py").read_text())
        c.seed = json.loads(seed.stdout.strip().splitlines()[-1])
        c.hangviet("a", "static")
        (root / "b").mkdir()
        (root / "b" / "static").symlink_to(root / "a" / "static")  # one collection serves both
        for name in ("a", "b"):
            env = {**c.env, "HANGVIET_VAR_DIR": str(root / name)}
            argv = [sys.executable, "-m", "hangviet.config.cli", "serve", "--port", str(PORTS[name])]
            c.spawn(name, [*argv, "--workers", "1"], env=env)
        for name in ("a", "b"):
            _wait(f"http://127.0.0.1:{PORTS[name]}/healthz")
        (root / "haproxy.cfg").write_text(HAPROXY.format(lb=LB, a=PORTS["a"], b=PORTS["b"]))
        c.spawn("haproxy", ["haproxy", "-f", str(root / "haproxy.cfg"), "-db"])
        _wait(f"http://127.0.0.1:{LB}/healthz")
        yield c
    finally:
        c.teardown()
    if os.environ.get("HANGVIET_DEPLOY_TEST_KEEP") != "1":  # 1: keep the logs and data to look at
        shutil.rmtree(root, ignore_errors=True)


def url(name: str, path: str) -> str:
    return f"http://127.0.0.1:{LB if name == 'lb' else PORTS[name]}{path}"


def _login(session: requests.Session, instance: str, email: str) -> None:
    page = session.get(url(instance, "/accounts/login/"), timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    data = {"csrfmiddlewaretoken": token, "username": email, "password": "mat-khau-an-toan-123"}
    answer = session.post(url(instance, "/accounts/login/"), data=data, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text[:500]


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (400, 300), (200, 120, 40)).save(out, "PNG")
    return out.getvalue()


def test_state_is_shared_between_the_instances(cluster):
    seed = cluster.seed
    product_api = f"/api/v1/products/{seed['product']}"
    # A price changed through instance A is shown by instance B on the next request.
    assert "120.000" in requests.get(url("b", PRODUCT_PAGE), timeout=10).text  # cached on B first
    seller = requests.Session()
    changed = seller.patch(
        url("a", product_api),
        json={"price_vnd": 99000},
        headers={"Authorization": f"Bearer {seed['key']}"},
        timeout=10,
    )
    assert changed.status_code == 200, changed.text
    assert "hv_primary" in seller.cookies  # the writer's next reads come from the primary
    page = seller.get(url("b", PRODUCT_PAGE), timeout=10)
    assert "99.000" in page.text and "120.000" not in page.text
    time.sleep(0.5)  # a buyer who wrote nothing may read the replica: streaming lag is far below a second
    assert "99.000" in requests.get(url("b", PRODUCT_PAGE), timeout=10).text

    # A login on A is valid on B; an image uploaded on A is served by B (from the bucket).
    _login(seller, "a", seed["email"])
    images = f"/seller/{seed['shop']}/products/{seed['pk']}/images/"
    form = seller.get(url("b", images), allow_redirects=False, timeout=10)
    assert form.status_code == 200, "the session made on A is not valid on B"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    uploaded = seller.post(
        url("a", images),
        data={"csrfmiddlewaretoken": token, "alt": "Mật hoa dừa"},
        files={"image": ("mat.png", _png(), "image/png")},
        headers={"Referer": url("a", images)},
        allow_redirects=False,
        timeout=30,
    )
    assert uploaded.status_code in (302, 303), uploaded.text[:1000]
    detail = requests.get(url("b", product_api), timeout=10).json()
    image_url = detail["images"][0]["url"]
    assert image_url.startswith("/media/products/")
    served = requests.get(url("b", image_url), timeout=10)
    assert served.status_code == 200 and served.headers["Content-Type"].startswith("image/")
    assert not (cluster.root / "a" / "media").exists()  # nothing on A's disk: it is in the bucket

    # A rate limit counts across both: /orders/track/ allows 10 a minute per address, whichever instance.
    statuses = [
        requests.post(url("ab"[i % 2], "/orders/track/"), data={}, timeout=10).status_code for i in range(11)
    ]
    assert 429 not in statuses[:10] and statuses[10] == 429, statuses


def _primary_rows(sql: str) -> list[tuple]:
    import psycopg

    with psycopg.connect(f"host=127.0.0.1 port={PORTS['primary']} user=postgres dbname=hv") as conn:
        return conn.execute(sql).fetchall()


def test_two_schedulers_enqueue_each_periodic_task_once_per_slot(cluster):
    """Two `hangviet scheduler` processes (as two machines' `hangviet worker` run them), started together:
    each periodic task's slot is enqueued once, as many task rows as slot rows."""
    from django.conf import settings

    for name in ("sched-1", "sched-2"):
        env = {**cluster.env, "HANGVIET_VAR_DIR": str(cluster.root / "a")}
        cluster.spawn(name, [sys.executable, "-m", "hangviet.config.cli", "scheduler"], env=env)
    deadline = time.monotonic() + 90
    wanted = len(settings.HANGVIET_PERIODIC_TASKS)
    while time.monotonic() < deadline:
        if _primary_rows("SELECT count(*) FROM core_periodicslot")[0][0] >= wanted:
            break
        time.sleep(0.5)
    time.sleep(2)  # both schedulers have ticked by now (each ticks at its start)
    for name in ("sched-1", "sched-2"):
        cluster.stop(name)
    tasks = dict(_primary_rows(f"SELECT task_path, count(*) FROM {TASKS_TABLE} GROUP BY 1"))  # noqa: S608
    slots = dict(_primary_rows("SELECT task, count(*) FROM core_periodicslot GROUP BY 1"))
    assert set(tasks) == set(settings.HANGVIET_PERIODIC_TASKS), tasks
    assert tasks == slots


def test_stopping_an_instance_or_the_replica_changes_nothing_a_buyer_sees(cluster):
    before = requests.get(url("lb", PRODUCT_PAGE), timeout=10)
    assert before.status_code == 200, before.text[:500]
    statuses: list[int] = []
    stop = threading.Event()

    def buyer() -> None:
        while not stop.is_set():
            try:
                statuses.append(requests.get(url("lb", PRODUCT_PAGE), timeout=15).status_code)
            except requests.RequestException as error:
                statuses.append(type(error).__name__)  # type: ignore[arg-type]

    threads = [threading.Thread(target=buyer) for _ in range(2)]
    for thread in threads:
        thread.start()
    time.sleep(1.5)
    cluster.stop("a")  # instance A goes away mid-traffic
    time.sleep(1.5)
    cluster.stop_replica()  # and then the replica
    time.sleep(3)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    assert len(statuses) > 10 and set(statuses) == {200}, statuses
    after = requests.get(url("lb", PRODUCT_PAGE), timeout=10)
    assert after.status_code == 200 and "99.000" in after.text

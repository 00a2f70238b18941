"""Faults under a checkout load: kill -9 a web worker, kill the task worker, restart PostgreSQL; then check
that nothing was lost. The written report is docs/faults.md.

    .venv/bin/python bench/faults/faults.py --name faults-sqlite
    createdb -h 127.0.0.1 -U postgres hv_ops_faults
    .venv/bin/python bench/faults/faults.py --name faults-pg \\
        --database-url postgres://postgres@127.0.0.1:5432/hv_ops_faults --restart-postgres

Starts the platform as an operator runs it, `hangviet serve --workers N` and `hangviet worker` (both
supervised: granian respawns its workers, the supervisor restarts the task workers and the scheduler),
and drives `--clients` buyers through the API the way bench/checkout.py does (cart, two items, checkout:
two orders per checkout). A checkout whose answer is lost is not sent again (a resend could place a second
order). Phases of `--phase-seconds`: steady load; kill -9 one granian worker; kill -9 the task worker of
the "default" queue (order emails); with --restart-postgres, `pg_ctlcluster --skip-systemctl-redirect 15
main restart` once the server has no other clients (the cluster is shared: see docs/faults.md); then the
load stops, the task workers get time to drain, and the checks run:

- every acknowledged (201) order exists exactly once, with its line;
- every product's stock equals its stock before the run minus the quantities of the run's orders;
- every checkout committed in the run has its `send_order_placed` task row (and its state);
- the server still answers /healthz and takes one more checkout.

Writes bench/results/<name>.json and prints it. Not part of `make test`.
"""

import argparse
import collections
import http.client
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

FAULTS_DIR = Path(__file__).resolve().parent
BENCH_DIR = FAULTS_DIR.parent
PROJECT_DIR = BENCH_DIR.parent
HOST = "127.0.0.1"
sys.path.insert(0, str(BENCH_DIR))
from checkout import prepare  # noqa: E402
from run import server_env, wait_ready  # noqa: E402

EMAIL_TASK = "hangviet.orders.tasks.send_order_placed"
BODY = {"buyer": {"name": "Faults", "phone": "0987654321", "email": ""}, "payment_method": "vietqr"}


# --- processes ---------------------------------------------------------------------------------------


def children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry))
    return sorted(found)


def cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def web_workers(serve: subprocess.Popen[bytes]) -> list[int]:
    return [w for granian in children(serve.pid) for w in children(granian)]


def task_worker(worker: subprocess.Popen[bytes], queue: str = "default") -> int | None:
    for pid in children(worker.pid):
        if f"task_worker --queue {queue}" in cmdline(pid):
            return pid
    return None


def wait_until(condition: Any, timeout: float, step: float = 0.05) -> float | None:
    """Seconds until `condition()` held, or None when it did not within `timeout`."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if condition():
            return round(time.monotonic() - started, 2)
        time.sleep(step)
    return None


# --- load --------------------------------------------------------------------------------------------


class Buyer:
    """One keep-alive connection; any failure is recorded, the connection dropped and made again."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn: http.client.HTTPConnection | None = None

    def post(self, path: str, body: dict[str, Any] | None = None) -> tuple[int | str, dict[str, Any]]:
        data = json.dumps(body or {}).encode()
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
            try:
                self.conn.request("POST", path, body=data, headers={"Content-Type": "application/json"})
            except OSError as error:
                # Nothing reached the server (a keep-alive connection its worker closed): sending again
                # cannot place a second order.
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    return type(error).__name__, {}
                continue
            try:
                response = self.conn.getresponse()
                payload = response.read()
            except (OSError, http.client.HTTPException) as error:
                self.conn.close()
                self.conn = None
                return type(error).__name__, {}
            try:
                parsed = json.loads(payload or b"{}")
            except ValueError:
                parsed = {}
            return response.status, parsed if isinstance(parsed, dict) else {}
        raise AssertionError("unreachable")


class Load:
    def __init__(self, port: int, slugs: list[str], address: dict[str, Any], clients: int) -> None:
        self.port, self.slugs, self.clients = port, slugs, clients
        self.body = {**BODY, "address": address}
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.started = time.monotonic()
        self.attempts: list[dict[str, Any]] = []  # one per checkout flow
        self.threads = [threading.Thread(target=self.buyer, daemon=True) for _ in range(clients)]

    def now(self) -> float:
        return round(time.monotonic() - self.started, 3)

    def buyer(self) -> None:
        buyer = Buyer(self.port)
        while not self.stop.is_set():
            attempt = self.flow(buyer)
            with self.lock:
                self.attempts.append(attempt)
            if attempt["outcome"] not in (200, 201):
                time.sleep(0.05)  # a failing server is not hammered in a tight loop

    def flow(self, buyer: Buyer) -> dict[str, Any]:
        """One buyer's cart, items and checkout; what the client saw, and the orders it was told of."""
        attempt: dict[str, Any] = {"start": self.now()}
        status, cart = buyer.post("/api/v1/carts")
        token = cart.get("token")
        if status != 201 or not token:
            attempt.update(step="cart", outcome=status, end=self.now())
            return attempt
        for slug in self.slugs:
            status, _ = buyer.post(f"/api/v1/carts/{token}/items", {"product": slug, "quantity": 1})
            if status not in (200, 201):
                attempt.update(step="item", outcome=status, end=self.now())
                return attempt
        status, result = buyer.post(f"/api/v1/carts/{token}/checkout", self.body)
        attempt.update(step="checkout", outcome=status, end=self.now())
        if status == 201:
            attempt["checkout"] = result["checkout"]
            attempt["orders"] = [
                {"code": o["code"], "items": [(i["product"], i["quantity"]) for i in o["items"]]}
                for o in result["orders"]
            ]
        return attempt

    def run(self) -> None:
        for thread in self.threads:
            thread.start()

    def finish(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=120)


def window(attempts: list[dict[str, Any]], start: float, end: float) -> dict[str, Any]:
    """What clients saw between a fault (`start`) and the next one (`end`), by when each flow ended."""
    inside = [a for a in attempts if start <= a["end"] < end]
    failed = [a for a in inside if a["outcome"] not in (200, 201)]
    ok = [a for a in inside if a["outcome"] == 201]
    after_failures = [a for a in ok if not failed or a["start"] > max(f["end"] for f in failed)]
    return {
        "checkouts_acknowledged": len(ok),
        "flows_failed": len(failed),
        "errors": dict(collections.Counter(f"{a['step']}: {a['outcome']}" for a in failed)),
        "errors_seen_for_s": round(max(f["end"] for f in failed) - start, 2) if failed else 0.0,
        "first_ack_after_errors_s": round(after_failures[0]["end"] - start, 2) if after_failures else None,
        "failures": [(round(a["end"] - start, 2), a["step"], a["outcome"]) for a in failed[:20]],
    }


# --- checks ------------------------------------------------------------------------------------------


def baseline(slugs: list[str]) -> dict[str, Any]:
    from hangviet.catalog.models import Product
    from hangviet.orders.models import Checkout

    last = Checkout.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    stock = dict(Product.objects.filter(slug__in=slugs).values_list("slug", "stock"))
    return {"last_checkout": last, "stock": stock}


def check(before: dict[str, Any], attempts: list[dict[str, Any]]) -> dict[str, Any]:
    from django.db import connection
    from django.db.models import Sum
    from django_tasks_db.models import DBTaskResult

    from hangviet.catalog.models import Product
    from hangviet.orders.models import Checkout, Order, OrderItem

    connection.close()  # the connection of before a PostgreSQL restart is gone
    acknowledged = [a for a in attempts if a["outcome"] == 201]
    codes = [o["code"] for a in acknowledged for o in a["orders"]]
    in_db = collections.Counter(Order.objects.filter(code__in=codes).values_list("code", flat=True))
    lines = {
        code: sorted((slug, qty) for slug, qty in rows)
        for code, rows in _group(
            OrderItem.objects.filter(order__code__in=codes).values_list(
                "order__code", "product_slug", "quantity"
            )
        ).items()
    }
    missing = [c for c in codes if in_db[c] == 0]
    twice = [c for c in codes if in_db[c] > 1]
    wrong_lines = [
        o["code"]
        for a in acknowledged
        for o in a["orders"]
        if lines.get(o["code"]) != sorted(tuple(i) for i in o["items"])
    ]

    run_checkouts = Checkout.objects.filter(pk__gt=before["last_checkout"])
    committed = dict(run_checkouts.values_list("pk", "code"))
    acknowledged_checkouts = {a["checkout"] for a in acknowledged}
    run_orders = Order.objects.filter(checkout__pk__gt=before["last_checkout"])
    sold = dict(
        OrderItem.objects.filter(order__in=run_orders)
        .values_list("product_slug")
        .annotate(Sum("quantity"))
        .values_list("product_slug", "quantity__sum")
    )
    stock_now = dict(Product.objects.filter(slug__in=before["stock"]).values_list("slug", "stock"))
    stock = {
        slug: {"before": before["stock"][slug], "sold": sold.get(slug, 0), "now": stock_now[slug]}
        for slug in before["stock"]
    }

    tasks = collections.defaultdict(list)
    for args_kwargs, status in DBTaskResult.objects.filter(task_path=EMAIL_TASK).values_list(
        "args_kwargs", "status"
    ):
        checkout_id = (args_kwargs.get("args") or [None])[0]
        if checkout_id in committed:
            tasks[checkout_id].append(status)
    without_task = sorted(committed[pk] for pk in committed if pk not in tasks)
    return {
        "acknowledged_checkouts": len(acknowledged),
        "acknowledged_orders": len(codes),
        "acknowledged_orders_missing": missing,
        "acknowledged_orders_twice": twice,
        "acknowledged_orders_with_wrong_lines": wrong_lines,
        "committed_checkouts": len(committed),
        "committed_orders": run_orders.count(),
        "committed_but_not_acknowledged": sorted(set(committed.values()) - acknowledged_checkouts),
        "stock": stock,
        "stock_consistent": all(s["now"] == s["before"] - s["sold"] for s in stock.values()),
        "email_tasks": {
            "checkouts_without_task": without_task,
            "checkouts_with_more_than_one_task": sorted(
                committed[pk] for pk, s in tasks.items() if len(s) > 1
            ),
            "task_states": dict(collections.Counter(s for states in tasks.values() for s in states)),
        },
    }


def _group(rows: Any) -> dict[str, list[tuple[str, int]]]:
    grouped: dict[str, list[tuple[str, int]]] = collections.defaultdict(list)
    for code, slug, qty in rows:
        grouped[code].append((slug, qty))
    return grouped


def emails_sent(worker_log: Path, before: dict[str, Any]) -> dict[str, Any]:
    """The order emails the console backend printed (one per order, to its shop), against the run's orders."""
    from django.db import connection

    from hangviet.orders.models import Order

    connection.close()
    codes = set(Order.objects.filter(checkout__pk__gt=before["last_checkout"]).values_list("code", flat=True))
    subjects = collections.Counter(
        line.rsplit(" ", 1)[-1]
        for line in worker_log.read_text(errors="replace").splitlines()
        if line.startswith("Subject: ")
    )
    return {
        "orders_emailed": len(codes & set(subjects)),
        "orders_never_emailed": sorted(codes - set(subjects)),
        "orders_emailed_more_than_once": sorted(code for code in codes if subjects[code] > 1),
    }


def email_tasks_pending(before: dict[str, Any]) -> int:
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    from hangviet.orders.models import Checkout

    connection.close()
    try:
        ids = set(Checkout.objects.filter(pk__gt=before["last_checkout"]).values_list("pk", flat=True))
        pending = DBTaskResult.objects.filter(task_path=EMAIL_TASK, status="READY").values_list(
            "args_kwargs", flat=True
        )
        return sum(1 for a in pending if (a.get("args") or [None])[0] in ids)
    finally:
        connection.close()


# --- PostgreSQL --------------------------------------------------------------------------------------


def other_sessions(database_url: str) -> int:
    """Sessions of other databases on the shared server (other engineers' tests): a restart cuts them."""
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        query = (
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname IS NOT NULL AND datname <> current_database()"
        )
        row = conn.execute(query).fetchone()
    return int(row[0]) if row else 0


def restart_postgres(cluster: list[str]) -> float:
    started = time.monotonic()
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", *cluster, "restart"],
        check=True,
        capture_output=True,
    )
    return round(time.monotonic() - started, 2)


# --- main --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--name", default="faults")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--var-dir", type=Path, default=FAULTS_DIR / "var")
    parser.add_argument("--port", type=int, default=8132)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--phase-seconds", type=float, default=15)
    parser.add_argument("--restart-postgres", action="store_true", help="restart the PostgreSQL cluster")
    parser.add_argument("--cluster", default="15 main", help="pg_ctlcluster's version and name")
    parser.add_argument("--quiet-wait", type=float, default=600, help="longest wait for no other sessions")
    args = parser.parse_args(argv)
    if args.restart_postgres and not args.database_url:
        raise SystemExit("--restart-postgres needs --database-url (a PostgreSQL database)")
    if not args.database_url and args.var_dir.exists():
        shutil.rmtree(args.var_dir)  # SQLite: a fresh database each run
    args.var_dir.mkdir(parents=True, exist_ok=True)

    env = server_env(args.var_dir, args.database_url, HANGVIET_DEMO="0")
    env["LOG_LEVEL"] = "WARNING"  # the errors the faults cause, in the logs beside the report
    slugs, address = prepare(stock=1_000_000)
    from django.db import connection

    vendor = connection.vendor
    before = baseline(slugs)
    connection.close()
    hangviet = str(PROJECT_DIR / ".venv/bin/hangviet")
    logs = {name: (args.var_dir / f"{name}.log").open("wb") for name in ("serve", "worker")}
    serve = subprocess.Popen(
        [hangviet, "serve", "--port", str(args.port), "--workers", str(args.workers)],
        env=env,
        stdout=logs["serve"],
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    worker = subprocess.Popen(
        [hangviet, "worker"], env=env, stdout=logs["worker"], stderr=subprocess.STDOUT, start_new_session=True
    )
    faults: list[dict[str, Any]] = []
    load: Load | None = None
    try:
        wait_ready(args.port, serve, timeout=180)
        wait_until(lambda: len(web_workers(serve)) == args.workers and task_worker(worker), 60)
        load = Load(args.port, slugs, address, args.clients)
        load.run()
        time.sleep(args.phase_seconds)

        victim = web_workers(serve)[0]
        at = load.now()
        os.kill(victim, signal.SIGKILL)
        replaced = wait_until(lambda: len(w := web_workers(serve)) == args.workers and victim not in w, 60)
        faults.append({"fault": "kill -9 one granian worker", "at": at, "replaced_after_s": replaced})
        time.sleep(args.phase_seconds)

        victim = task_worker(worker) or 0
        at = load.now()
        os.kill(victim, signal.SIGKILL)
        restarted = wait_until(lambda: (pid := task_worker(worker)) is not None and pid != victim, 60)
        faults.append(
            {"fault": "kill -9 the task worker (default queue)", "at": at, "restarted_after_s": restarted}
        )
        time.sleep(args.phase_seconds)

        if args.restart_postgres:
            quiet_after = wait_until(lambda: other_sessions(args.database_url) == 0, args.quiet_wait, step=1)
            others = other_sessions(args.database_url)
            at = load.now()
            took = restart_postgres(args.cluster.split())
            faults.append(
                {
                    "fault": f"pg_ctlcluster --skip-systemctl-redirect {args.cluster} restart",
                    "at": at,
                    "restart_took_s": took,
                    "waited_for_quiet_s": quiet_after,
                    "other_sessions_at_restart": others,
                }
            )
            time.sleep(args.phase_seconds)
        load_end = load.now()
        load.finish()

        drained = wait_until(lambda: email_tasks_pending(before) == 0, 120, step=1)
        conn = http.client.HTTPConnection(HOST, args.port, timeout=30)
        conn.request("GET", "/healthz")
        healthz = conn.getresponse().status
        conn.close()
        final = load.flow(Buyer(args.port))
        load.attempts.append(final)
        drained_final = wait_until(lambda: email_tasks_pending(before) == 0, 60, step=1)
        checks = check(before, load.attempts)
        checks["emails"] = emails_sent(args.var_dir / "worker.log", before)
    finally:
        if load is not None:
            load.finish()
        for proc in (serve, worker):
            proc.send_signal(signal.SIGTERM)
        for proc in (serve, worker):
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        for log in logs.values():
            log.close()

    bounds = [f["at"] for f in faults] + [load_end]
    report = {
        "name": args.name,
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "database": vendor,
        "server": f"`hangviet serve --workers {args.workers}` + `hangviet worker`",
        "clients": args.clients,
        "phase_seconds": args.phase_seconds,
        "load_seconds": load_end,
        "flows": len(load.attempts),
        "steady": window(load.attempts, 0, bounds[0]),
        "faults": [
            {**fault, "clients_saw": window(load.attempts, fault["at"], bounds[i + 1])}
            for i, fault in enumerate(faults)
        ],
        "email_tasks_drained_after_s": drained,
        "email_tasks_drained_after_final_s": drained_final,
        "after": {"healthz": healthz, "one_more_checkout": final["outcome"]},
        "checks": checks,
        "supervisor_and_server_log": [
            line
            for name in ("serve", "worker")
            for line in (args.var_dir / f"{name}.log").read_text(errors="replace").splitlines()
            if line.startswith(("hangviet:", "[ERROR]"))
        ],
        "internal_server_errors_logged": (args.var_dir / "serve.log")
        .read_text(errors="replace")
        .count("Internal Server Error"),
    }
    out = BENCH_DIR / "results" / f"{args.name}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()

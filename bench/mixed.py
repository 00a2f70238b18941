"""Mixed load: browsing clients (80 % product pages, 20 % search) while checkouts run at a fixed rate.

    .venv/bin/python bench/mixed.py --name mixed-sqlite                      # bench/var/ SQLite database
    .venv/bin/python bench/mixed.py --name mixed-pg \\
        --database-url postgres://postgres@127.0.0.1:5432/hv_bench

Starts `hangviet serve --workers N` against the bench database (bench/generate.py), requests every browsed
path once (the cache is primed), then runs one phase per checkout rate (`--rates`, default 0,1,5,20 a
second) of `--seconds` each: `--clients` keep-alive browsing clients pick a product page (80 %) or a
search API query (20 %) at random, while a pacer starts a checkout every 1/rate seconds (cart, one unit
of a random browsed product, cash on delivery), so the checkouts change the very pages being browsed.
Reports per phase and endpoint: requests/s, p50/p95/p99, the share answered by the catalog cache (the
`X-Cache` header), and the checkouts done, their rate and place-order latency. Writes
bench/results/<name>.json.
"""

import argparse
import http.client
import json
import os
import platform
import random
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
HOST = "127.0.0.1"
sys.path.insert(0, str(BENCH_DIR))
from run import QUERIES, percentile, server_env, stop_server, wait_ready, write_report  # noqa: E402


def hangviet_command() -> str:
    """The project's `hangviet` (its .venv), else the one beside this Python."""
    own = PROJECT_DIR / ".venv/bin/hangviet"
    return str(own if own.exists() else Path(sys.executable).with_name("hangviet"))


class Client:
    """One keep-alive connection; returns status, seconds, X-Cache."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)

    def request(self, method: str, path: str, body: Any = None) -> tuple[int, float, str, bytes]:
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Accept-Encoding": "identity"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        started = time.perf_counter()
        try:
            self.conn.request(method, path, body=data, headers=headers)
            response = self.conn.getresponse()
            payload = response.read()
        except (http.client.HTTPException, OSError):
            self.conn.close()
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
            return 599, time.perf_counter() - started, "", b""
        return response.status, time.perf_counter() - started, response.getheader("X-Cache") or "", payload


def stats(latencies: list[float], hits: int, errors: int, seconds: float) -> dict[str, Any]:
    ms = [x * 1000 for x in latencies]
    return {
        "requests": len(ms),
        "errors": errors,
        "requests_per_s": round(len(ms) / seconds, 1),
        "p50_ms": round(percentile(ms, 0.50), 1),
        "p95_ms": round(percentile(ms, 0.95), 1),
        "p99_ms": round(percentile(ms, 0.99), 1),
        "cache_hit_rate": round(hits / len(ms), 3) if ms else None,
    }


def phase(
    port: int, pages: list[str], searches: list[str], buyable: list[str], address: dict[str, str], args: Any,
    rate: float,
) -> dict[str, Any]:  # fmt: skip
    lock = threading.Lock()
    seen: dict[str, dict[str, Any]] = {
        kind: {"lat": [], "hits": 0, "errors": 0} for kind in ("product_page", "search_api", "checkout")
    }
    deadline = time.perf_counter() + args.seconds

    def browse(seed: int) -> None:
        client, rng = Client(port), random.Random(seed)
        mine: dict[str, dict[str, Any]] = {k: {"lat": [], "hits": 0, "errors": 0} for k in seen}
        while time.perf_counter() < deadline:
            kind, path = (
                ("product_page", rng.choice(pages))
                if rng.random() < 0.8
                else ("search_api", rng.choice(searches))
            )
            status, elapsed, cached, _ = client.request("GET", path)
            if status == 200:
                mine[kind]["lat"].append(elapsed)
                mine[kind]["hits"] += cached == "hit"
            else:
                mine[kind]["errors"] += 1
        with lock:
            for kind, got in mine.items():
                seen[kind]["lat"] += got["lat"]
                seen[kind]["hits"] += got["hits"]
                seen[kind]["errors"] += got["errors"]

    tickets: list[int] = []
    ticket_ready = threading.Condition(lock)
    done = [False]

    def buy(seed: int) -> None:
        client, rng = Client(port), random.Random(1000 + seed)
        body = {
            "buyer": {"name": "Bench", "phone": "0987654321", "email": ""},
            "address": address,
            "payment_method": "cod",
        }
        while True:
            with ticket_ready:
                while not tickets and not done[0]:
                    ticket_ready.wait(0.5)
                if not tickets:
                    return
                tickets.pop()
            status, _, _, payload = client.request("POST", "/api/v1/carts", {})
            token = json.loads(payload or b"{}").get("token") if status == 201 else None
            if token:
                item = {"product": rng.choice(buyable), "quantity": 1}
                client.request("POST", f"/api/v1/carts/{token}/items", item)
                status, elapsed, _, _ = client.request("POST", f"/api/v1/carts/{token}/checkout", body)
            with lock:
                if token and status == 201:
                    seen["checkout"]["lat"].append(elapsed)
                else:
                    seen["checkout"]["errors"] += 1

    browsers = [threading.Thread(target=browse, args=(n,), daemon=True) for n in range(args.clients)]
    # Enough buyers for the rate even when a checkout (3 requests) takes a second under load.
    buyer_count = min(16, max(2, int(rate))) if rate > 0 else 0
    buyers = [threading.Thread(target=buy, args=(n,), daemon=True) for n in range(buyer_count)]
    started = time.perf_counter()
    for t in browsers + buyers:
        t.start()
    if rate > 0:
        next_at = started
        while time.perf_counter() < deadline:
            with ticket_ready:
                tickets.append(1)
                ticket_ready.notify()
            next_at += 1 / rate
            time.sleep(max(0.0, next_at - time.perf_counter()))
    for t in browsers:
        t.join(args.seconds + 60)
    with ticket_ready:
        done[0] = True
        tickets.clear()
        ticket_ready.notify_all()
    for t in buyers:
        t.join(60)
    wall = time.perf_counter() - started
    result = {kind: stats(v["lat"], v["hits"], v["errors"], wall) for kind, v in seen.items()}
    result["checkout"].pop("cache_hit_rate")
    result["checkout"]["checkouts_per_s"] = result["checkout"].pop("requests_per_s")
    return result


def paths(public_count: int) -> tuple[list[str], list[str], list[str], dict[str, str], str]:
    """Browsed product pages, search paths, products checkouts buy (plenty of stock), an address."""
    import django

    django.setup()
    from django.db import connection

    from hangviet.catalog.queries import public_products
    from hangviet.core.models import Commune

    ids = list(public_products().values_list("pk", flat=True).order_by("pk"))
    chosen = random.Random(42).sample(ids, min(public_count, len(ids)))
    rows = list(public_products().filter(pk__in=chosen).values_list("slug", "stock"))
    commune = Commune.objects.select_related("province").order_by("code").first()
    if not rows or commune is None:
        raise SystemExit("no public products: run bench/generate.py first")
    pages = [f"/p/{slug}/" for slug, _ in rows]
    searches = [f"/api/v1/products?q={urllib.parse.quote(q)}" for q in QUERIES]
    buyable = [slug for slug, stock in rows if stock >= 100]
    address = {"street": "12 Bench", "commune_code": commune.code, "province_code": commune.province_id}
    vendor = connection.vendor
    connection.close()
    return pages, searches, buyable, address, vendor


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--name", default="mixed")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--var-dir", type=Path, default=BENCH_DIR / "var")
    parser.add_argument("--port", type=int, default=8767)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=8, help="browsing clients")
    parser.add_argument("--rates", default="0,1,5,20", help="checkouts per second, one phase each")
    parser.add_argument("--seconds", type=float, default=20, help="length of each phase")
    parser.add_argument("--pages", type=int, default=300, help="product pages browsed (random, fixed seed)")
    parser.add_argument("--no-cache", action="store_true", help="CATALOG_CACHE_SECONDS=0 (cold server)")
    args = parser.parse_args(argv)

    extra = {"HANGVIET_DEMO": "0", "PYTHONPATH": str(PROJECT_DIR / "src")}
    if args.no_cache:
        extra["CATALOG_CACHE_SECONDS"] = "0"
    env = server_env(args.var_dir, args.database_url, **extra)
    pages, searches, buyable, address, vendor = paths(args.pages)
    hangviet = hangviet_command()
    subprocess.run([hangviet, "collectstatic", "--noinput", "-v", "0"], env=env, check=True)
    report: dict[str, Any] = {
        "name": args.name,
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "database": vendor,
        "server": f"granian (WSGI) via `hangviet serve --workers {args.workers}`",
        "browsing": f"{args.clients} clients: 80 % {len(pages)} product pages, 20 % {len(searches)} searches",
        "checkouts": f"one unit of one of {len(buyable)} browsed products each, cash on delivery",
        "catalog_cache": "off" if args.no_cache else "on, primed",
        "load_average_at_start": list(os.getloadavg()),
        "phases": {},
    }
    proc = subprocess.Popen(
        [hangviet, "serve", "--workers", str(args.workers), "--port", str(args.port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        wait_ready(args.port, proc)
        primer = Client(args.port)
        for path in pages + searches:  # every path once: the cache is warm when the first phase starts
            primer.request("GET", path)
        for rate in (float(r) for r in args.rates.split(",")):
            report["phases"][f"{rate:g}_checkouts_per_s"] = phase(
                args.port, pages, searches, buyable, address, args, rate
            )
            print(json.dumps({f"{rate:g}/s": report["phases"][f"{rate:g}_checkouts_per_s"]}), flush=True)
    finally:
        stop_server(proc)
    report["load_average_at_end"] = list(os.getloadavg())
    write_report(args.name, report)


if __name__ == "__main__":
    main()

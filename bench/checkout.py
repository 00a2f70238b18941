"""Checkout benchmark: orders placed per second and place-order latency through the real server.

    createdb -h 127.0.0.1 -U postgres hv_bench_checkout
    .venv/bin/python bench/checkout.py --name pg-checkout \\
        --database-url postgres://postgres@127.0.0.1:5432/hv_bench_checkout

Migrates the database, makes two bench shops with plenty of stock (idempotent), starts
`hangviet serve --workers N` on 127.0.0.1, and runs `--clients` concurrent buyers. Each buyer creates a
cart, adds one product of each shop and checks out (VietQR: two orders per checkout, one per shop, stock
reserved with conditional UPDATEs). Timed: the checkout request (the place-order latency); counted:
orders created per second over the whole buyer loop. Bounded by --checkouts and --seconds. Writes
bench/results/<name>.json.
"""

import argparse
import http.client
import json
import os
import platform
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
HOST = "127.0.0.1"
sys.path.insert(0, str(BENCH_DIR))
from run import percentile, server_env, wait_ready, write_report  # noqa: E402


def prepare(stock: int) -> tuple[list[str], dict[str, str]]:
    """Two verified bench shops with one product each (stock topped up); returns slugs and an address."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from hangviet.accounts.models import User
    from hangviet.catalog.models import Category, Product
    from hangviet.catalog.search_columns import derive_search_columns
    from hangviet.core.models import Commune
    from hangviet.sellers.models import Membership, Seller

    commune = Commune.objects.select_related("province").order_by("code").first()
    if commune is None:
        raise SystemExit("administrative units missing")
    category = Category.objects.order_by("pk").first()
    if category is None:
        raise SystemExit("categories missing")
    owner, _ = User.objects.get_or_create(email="bench-owner@bench.local")
    slugs = []
    for i, (bin_, tax) in enumerate((("970415", "9999999901"), ("970436", "9999999902"))):
        seller, _ = Seller.objects.get_or_create(
            slug=f"bench-shop-{i}",
            defaults=dict(
                kind=Seller.Kind.HOUSEHOLD,
                legal_name=f"Bench {i}",
                trading_name=f"Bench shop {i}",
                tax_code=tax,
                street="1",
                commune=commune,
                province=commune.province,
                phone="0912345678",
                email=f"bench{i}@bench.local",
                representative="Bench",
                bank_bin=bin_,
                bank_account=f"12345678{i}",
                status=Seller.Status.VERIFIED,
            ),
        )
        Membership.objects.get_or_create(user=owner, seller=seller)
        product = Product.objects.filter(slug=f"bench-checkout-{i}").first()
        if product is None:
            product = Product(
                slug=f"bench-checkout-{i}",
                seller=seller,
                category=category,
                name=f"Bench product {i}",
                unit="chai",
                price_vnd=85000 + i * 1000,
                sku=f"BENCH-{i}",
                status=Product.Status.ACTIVE,
            )
            derive_search_columns(product)  # the catalog's one rule, as every writer
            product.save(force_insert=True)
        Product.objects.filter(pk=product.pk).update(stock=stock)
        slugs.append(product.slug)
    address = {"street": "12 Bench", "commune_code": commune.code, "province_code": commune.province_id}
    return slugs, address


class Buyer:
    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)

    def post(self, path: str, body: dict[str, Any] | None = None) -> tuple[int, dict[str, Any], float]:
        data = json.dumps(body or {}).encode()
        try:
            started = time.perf_counter()
            self.conn.request("POST", path, body=data, headers={"Content-Type": "application/json"})
        except (BrokenPipeError, ConnectionResetError):
            # The server closed the idle keep-alive connection before the request went out: reconnect and
            # send again (nothing reached the server, so this is not a second checkout).
            self.conn.close()
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
            started = time.perf_counter()
            self.conn.request("POST", path, body=data, headers={"Content-Type": "application/json"})
        response = self.conn.getresponse()
        payload = response.read()
        return response.status, json.loads(payload or b"{}"), time.perf_counter() - started


def fill_carts(port: int, slugs: list[str], count: int) -> list[str]:
    """Carts made ahead (not timed), for the checkout-only run."""
    buyer, tokens = Buyer(port), []
    for _ in range(count):
        token = buyer.post("/api/v1/carts")[1]["token"]
        for slug in slugs:
            buyer.post(f"/api/v1/carts/{token}/items", {"product": slug, "quantity": 1})
        tokens.append(token)
    return tokens


def run_buyers(
    port: int,
    slugs: list[str],
    address: dict[str, str],
    clients: int,
    limit: int,
    seconds: float,
    tokens: list[str] | None = None,
) -> dict[str, Any]:
    """Buyers check out concurrently: from ready carts (`tokens`) while any are left, else building one."""
    tokens = list(tokens or [])
    latencies: list[float] = []
    errors: list[int] = []
    orders = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    counter = iter(range(limit))

    def worker() -> None:
        buyer = Buyer(port)
        body = {
            "buyer": {"name": "Bench", "phone": "0987654321", "email": ""},
            "address": address,
            "payment_method": "vietqr",
        }
        while time.monotonic() < deadline:
            with lock:
                if next(counter, None) is None:
                    return
                token = tokens.pop() if tokens else None
            if token is None:
                status, cart, _ = buyer.post("/api/v1/carts")
                token = cart.get("token")
                for slug in slugs:
                    buyer.post(f"/api/v1/carts/{token}/items", {"product": slug, "quantity": 1})
            status, result, elapsed = buyer.post(f"/api/v1/carts/{token}/checkout", body)
            with lock:
                if status == 201:
                    latencies.append(elapsed)
                    orders[0] += len(result["orders"])
                else:
                    errors.append(status)

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - started
    ms = [x * 1000 for x in latencies]
    return {
        "checkouts": len(ms),
        "orders": orders[0],
        "errors": len(errors),
        "seconds": round(wall, 2),
        "orders_per_s": round(orders[0] / wall, 1),
        "checkouts_per_s": round(len(ms) / wall, 1),
        "place_order_p50_ms": round(percentile(ms, 0.50), 1),
        "place_order_p95_ms": round(percentile(ms, 0.95), 1),
        "place_order_p99_ms": round(percentile(ms, 0.99), 1),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--name", default="checkout")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--var-dir", type=Path, default=BENCH_DIR / "var")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--checkouts", type=int, default=3000, help="cap on checkouts")
    parser.add_argument("--seconds", type=float, default=20, help="time cap")
    parser.add_argument(
        "--ready-carts", type=int, default=600, help="carts made ahead for the checkout-only run"
    )
    args = parser.parse_args(argv)

    env = server_env(args.var_dir, args.database_url, HANGVIET_DEMO="0")
    slugs, address = prepare(stock=10_000_000)
    from django.db import connection

    vendor = connection.vendor
    connection.close()
    subprocess.run(
        [str(PROJECT_DIR / ".venv/bin/hangviet"), "collectstatic", "--noinput", "-v", "0"],
        env=env,
        check=True,
    )
    proc = subprocess.Popen(
        [
            str(PROJECT_DIR / ".venv/bin/hangviet"),
            "serve",
            "--workers",
            str(args.workers),
            "--port",
            str(args.port),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        wait_ready(args.port, proc)
        run_buyers(args.port, slugs, address, 2, 20, 5)  # warm-up
        full_flow = run_buyers(args.port, slugs, address, args.clients, args.checkouts, args.seconds)
        ready = fill_carts(args.port, slugs, args.ready_carts)
        checkout_only = run_buyers(args.port, slugs, address, args.clients, len(ready), args.seconds, ready)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    report = {
        "name": args.name,
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "database": vendor,
        "server": f"granian (WSGI) via `hangviet serve --workers {args.workers}`",
        "clients": args.clients,
        "flow": "checkout_only: POST /carts/{t}/checkout on carts filled beforehand "
        "(vietqr, 2 shops → 2 orders); "
        "full_flow: POST /carts, 2 × POST /carts/{t}/items, then the checkout",
        "targets": {"orders_per_s": ">= 50", "place_order_p95_ms": "<= 300"},
        "result": {"checkout_only": checkout_only, "full_flow": full_flow},
    }
    write_report(args.name, report)


if __name__ == "__main__":
    main()

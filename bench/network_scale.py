"""The provincial network at scale: N real nodes on this machine, M products each, fully peered.

Measures the time until every node mirrors every other node's catalog (convergence), how long a price
change takes to reach every other node (p50/p95 over change × receiving node), and the latency of a
cross-node order (the buyer's select and confirm through the pages of one node, placed on another).

Each node is a `hangviet serve` process (one web worker) with its own SQLite database, keys and var
directory (tests/network/harness.py), plus one pull loop that calls the scheduled task's own code
(`mirror.sync_peer` for every active peer, then sleeps the sync interval): the scheduler and task workers
of `hangviet worker` would be three more processes per node. Products are written straight into each
database (the triggers number them for the feed, as for any writer).

    PYTHONPATH=src .venv/bin/python -m bench.network_scale --nodes 6 --products 500 --sync-seconds 10

Target of issue 16: 34 nodes × 2,000 products converge in ≤ 5 minutes; a change propagates within two
sync intervals. Figures are only meaningful on a quiet machine.
"""

import argparse
import json
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from tests.network.harness import (
    HANGVIET,
    Browser,
    Node,
    _ts,
    public_key_of,
    shared_static,
    template_database,
)

PULL_LOOP = """
import time
from hangviet.network import mirror
from hangviet.network.models import Peer
while True:
    for peer in Peer.objects.filter(status=Peer.Status.ACTIVE):
        mirror.sync_peer(peer)
    time.sleep({interval})
"""


def tax_code(base: int) -> str:
    """The first valid 10-digit tax code from `base` (the check digit of core.validators)."""
    weights = (31, 29, 23, 19, 17, 13, 7, 5, 3)
    for number in range(base, base + 100):
        digits = f"{number:09d}"
        check = 10 - sum(w * int(d) for w, d in zip(weights, digits, strict=True)) % 11
        if check < 10:
            return f"{digits}{check}"
    raise ValueError("no tax code")


# The price of a peer's product in a node's mirror (its slug there differs from the home node's).
MIRRORED_PRICE = (
    "SELECT p.price_vnd FROM catalog_product p JOIN network_mirroredproduct m ON m.product_id = p.id"
    " JOIN network_peer pe ON pe.id = m.peer_id WHERE pe.node_id = ? AND m.remote_id = ?"
)


def fill(node: Node, n: int, products: int) -> None:
    """One verified seller with `products` listed products, in one transaction."""
    shop = node.add_seller(n, f"HTX Tỉnh {n}", "31135", tax_code(180_000_000 + n * 1000))
    now = _ts(datetime.now(UTC))
    rows = [
        (
            f"Đặc sản {n} số {i}",
            f"dac-san-{n}-{i}",
            10000 + i,
            1000,
            f"SKU-{n}-{i}",
            f"dac san {n} so {i}",
            now,
            now,
            shop,
        )
        for i in range(products)
    ]
    with sqlite3.connect(node.db, timeout=60) as db:
        db.executemany(
            "INSERT INTO catalog_product (name, slug, description, unit, net_quantity, price_vnd, stock, sku,"
            " gtin, status, ocop_stars, name_folded, search_text, created_at, updated_at, category_id,"
            " seller_id, is_listed, place_commune_code, place_province_code)"
            " VALUES (?, ?, '', 'hộp', '500 g', ?, ?, ?, '', 'active', 3, ?, '', ?, ?,"
            " (SELECT id FROM catalog_category WHERE code = 'I'), ?, 0, '', '')",
            rows,
        )


def mirrored(node: Node) -> int:
    return int(
        node.sql("SELECT COUNT(*) FROM catalog_product WHERE home_node IS NOT NULL AND is_listed = 1")[0][0]
    )


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def order_latency(buyer_node: Node, seller_node: Node) -> tuple[float, float]:
    """(select seconds, confirm seconds) of one cross-node order through the buyer node's pages."""
    [(slug,)] = buyer_node.sql(
        "SELECT slug FROM catalog_product WHERE home_node = ? ORDER BY random() LIMIT 1",
        (seller_node.node_id,),
    )
    [(peer,)] = buyer_node.sql("SELECT id FROM network_peer WHERE node_id = ?", (seller_node.node_id,))
    buyer = Browser(buyer_node.url)
    buyer.get(f"/p/{slug}/")
    assert buyer.post("/cart/add/", {"product": slug, "quantity": "1"})[0] == 200
    buyer.get(f"/network/checkout/{peer}/")
    address = {"name": "Lê Văn C", "phone": "0912345679", "email": "", "street": "12 Đường 30/4",
               "province": "86", "commune": "28756", "payment_method": "cod"}  # fmt: skip
    started = time.monotonic()
    status, quote, _url = buyer.post(f"/network/checkout/{peer}/", {"step": "select", **address})
    selected = time.monotonic()
    assert status == 200 and "Xác nhận đặt hàng" in quote, quote[-2000:]
    status, page, url = buyer.post(f"/network/checkout/{peer}/", Browser.hidden(quote))
    assert status == 200 and "/network/orders/" in url, page[-2000:]
    return selected - started, time.monotonic() - selected


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=6)
    parser.add_argument("--products", type=int, default=500)
    parser.add_argument("--sync-seconds", type=int, default=10)
    parser.add_argument("--changes", type=int, default=10, help="price changes measured")
    parser.add_argument("--orders", type=int, default=5, help="cross-node orders measured")
    parser.add_argument("--base-port", type=int, default=18880)
    parser.add_argument("--timeout", type=float, default=900, help="give up on convergence after this")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    opts = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stop the nodes on a kill too (finally below)
    root = Path(tempfile.mkdtemp(prefix="hangviet-network-scale-"))
    template = template_database()
    shared_static()
    nodes = [
        Node(f"node{i}.test", f"HàngViệt nút {i}", "92", opts.base_port + i, root) for i in range(opts.nodes)
    ]
    loops: list[subprocess.Popen[bytes]] = []
    figures: dict[str, object] = {
        "nodes": opts.nodes,
        "products": opts.products,
        "sync_seconds": opts.sync_seconds,
    }
    try:
        for n, node in enumerate(nodes):
            node.prepare(template)
            fill(node, n, opts.products)
            node.start()
        for node in nodes:
            node.wait_ready(timeout=600)
        keys = {node.node_id: public_key_of(node.url) for node in nodes}
        for node in nodes:
            for other in nodes:
                if other is not node:
                    node.trust(other, keys[other.node_id])
        print(f"{opts.nodes} nodes up, peered; pulling every {opts.sync_seconds} s", flush=True)
        started = time.monotonic()
        for node in nodes:
            loops.append(
                subprocess.Popen(
                    [*HANGVIET, "shell", "-c", PULL_LOOP.format(interval=opts.sync_seconds)],
                    env=node.env,
                    stdout=subprocess.DEVNULL,
                    stderr=open(node.var / "pull.log", "ab"),  # noqa: SIM115
                    start_new_session=True,
                )
            )
        want = (opts.nodes - 1) * opts.products
        done: dict[str, float] = {}
        while len(done) < len(nodes):
            if time.monotonic() - started > opts.timeout:
                raise SystemExit(
                    f"not converged in {opts.timeout} s: {[mirrored(n) for n in nodes]} of {want}"
                )
            for node in nodes:
                if node.node_id not in done and mirrored(node) >= want:
                    done[node.node_id] = time.monotonic() - started
            time.sleep(1)
        figures["convergence_s"] = round(max(done.values()), 1)
        print(f"converged: every node mirrors {want} products after {figures['convergence_s']} s", flush=True)

        delays: list[float] = []
        for k in range(opts.changes):
            home = random.choice(nodes)
            [(pk, price)] = home.sql(
                "SELECT id, price_vnd FROM catalog_product WHERE home_node IS NULL ORDER BY random() LIMIT 1"
            )
            new_price = price + 1000 + k
            changed = time.monotonic()
            home.sql("UPDATE catalog_product SET price_vnd = ? WHERE id = ?", (new_price, pk))
            waiting = [n for n in nodes if n is not home]
            while waiting:
                for node in list(waiting):
                    if node.sql(MIRRORED_PRICE, (home.node_id, str(pk))) == [(new_price,)]:
                        delays.append(time.monotonic() - changed)
                        waiting.remove(node)
                if time.monotonic() - changed > 10 * opts.sync_seconds + 60:
                    raise SystemExit(f"a price change did not reach {[n.node_id for n in waiting]}")
                time.sleep(0.2)
        figures["price_change_p50_s"] = round(statistics.median(delays), 1)
        figures["price_change_p95_s"] = round(percentile(delays, 95), 1)
        figures["price_change_max_s"] = round(max(delays), 1)
        print(f"price change: p50 {figures['price_change_p50_s']} s, p95 {figures['price_change_p95_s']} s"
              f" over {len(delays)} (change, node) pairs", flush=True)  # fmt: skip

        selects, confirms = [], []
        for _ in range(opts.orders):
            buyer_node, seller_node = random.sample(nodes, 2)
            select_s, confirm_s = order_latency(buyer_node, seller_node)
            selects.append(select_s)
            confirms.append(confirm_s)
        figures["order_select_p50_ms"] = round(statistics.median(selects) * 1000)
        figures["order_confirm_p50_ms"] = round(statistics.median(confirms) * 1000)
        figures["order_confirm_max_ms"] = round(max(confirms) * 1000)
        print(
            f"cross-node order: select p50 {figures['order_select_p50_ms']} ms, confirm p50 "
            f"{figures['order_confirm_p50_ms']} ms (max {figures['order_confirm_max_ms']} ms)",
            flush=True,
        )
    finally:
        for proc in loops:
            proc.terminate()
        for proc in loops:
            proc.wait(timeout=30)
        for node in nodes:
            node.stop()
    print(json.dumps(figures))
    if opts.json:
        opts.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    sys.exit(main())

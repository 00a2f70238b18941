"""Build the platform's Google Merchant feed from the bench catalog and time its serving by the real server.

    .venv/bin/python bench/generate.py --products 100000        # once: the bench catalog (bench/var/)
    .venv/bin/python bench/feeds.py --name feeds-sqlite-100k

Bench products have no pictures and a feed lists only products with one (Google refuses an item
without `image_link`), so each public product without a picture first gets a picture row (a name, no
file: the feed only writes its URL). Then, in this process: `syndication.feeds.build_feed()` timed (both
formats and their gzip copies, one pass). Then `hangviet serve --workers 1` on 127.0.0.1 serves
`/feeds/google-merchant.tsv` and `.xml`, plain and gzip, `--requests` times each over one keep-alive
connection (latency = request sent → whole body read). JSON report on stdout and in
bench/results/<name>.json.
"""

import argparse
import http.client
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

from bench.run import HOST, PROJECT_DIR, server_env, stop_server, summary, wait_ready, write_report  # noqa: E402


def give_pictures() -> int:
    """A picture row for every public product without one; returns how many were added."""
    from django.db import transaction

    from hangviet.catalog.models import ProductImage
    from hangviet.catalog.queries import public_products
    from hangviet.catalog.versions import catalog_changed

    missing = list(public_products().filter(images__isnull=True).values_list("pk", flat=True))
    for start in range(0, len(missing), 5000):
        with transaction.atomic():
            ProductImage.objects.bulk_create(
                ProductImage(product_id=pk, image="products/bench/bench.jpg", width=800, height=800)
                for pk in missing[start : start + 5000]
            )
    if missing:
        catalog_changed()
    return len(missing)


def fetch(port: int, path: str, count: int, gzip: bool) -> dict[str, Any]:
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    headers = {"Accept-Encoding": "gzip" if gzip else "identity"}
    conn.request("GET", path, headers=headers)  # warm-up, not counted: imports, connection
    size = len(conn.getresponse().read())
    latencies: list[float] = []
    errors = 0
    started = time.perf_counter()
    for _ in range(count):
        t0 = time.perf_counter()
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        errors += response.status != 200
        latencies.append(time.perf_counter() - t0)
    conn.close()
    result = summary(latencies, errors, time.perf_counter() - started)
    result["body_bytes"] = size
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--name", default="feeds-sqlite")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--var-dir", type=Path, default=BENCH_DIR / "var")
    parser.add_argument("--port", type=int, default=18700)
    parser.add_argument("--requests", type=int, default=20, help="requests per feed and encoding")
    parser.add_argument("--no-build", action="store_true", help="serve the files an earlier run built")
    args = parser.parse_args(argv)

    env = server_env(args.var_dir, args.database_url, HANGVIET_FEED_REFRESH_SECONDS="86400")
    import django

    django.setup()
    from django.db import connection

    from hangviet.syndication import feeds

    added = give_pictures()
    listed = feeds.feed_products().count()
    started = time.perf_counter()
    if args.no_build:
        built = feeds.feed_file(feeds.PLATFORM, "tsv")
        if built is None:
            raise SystemExit("no feed built yet: run without --no-build first")
        version, build_seconds = built.version, None
    else:
        version = feeds.build_feed()
        build_seconds = round(time.perf_counter() - started, 1)
    files = {p.name.split(".", 1)[1]: p.stat().st_size for p in (feeds.feeds_dir() / "all").iterdir()}

    report: dict[str, Any] = {
        "name": args.name,
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "database": connection.vendor,
        "load_average_at_start": list(os.getloadavg()),
        "pictures_added": added,
        "feed_items": listed,
        "build_seconds": build_seconds,
        "build_version": version,
        "file_bytes": files,
        "server": "granian (WSGI) via `hangviet serve --workers 1`",
        "results": {},
    }
    proc = subprocess.Popen(
        [str(PROJECT_DIR / ".venv/bin/hangviet"), "serve", "--workers", "1", "--port", str(args.port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        wait_ready(args.port, proc)
        for fmt in ("tsv", "xml"):
            for gzip in (False, True):
                key = f"{fmt}{'_gzip' if gzip else ''}"
                report["results"][key] = fetch(
                    args.port, f"/feeds/google-merchant.{fmt}", args.requests, gzip
                )
    finally:
        stop_server(proc)
    report["load_average_at_end"] = list(os.getloadavg())
    write_report(args.name, report)


if __name__ == "__main__":
    main()

"""Measure the real server: search API and product page latency (one client) and throughput (N clients).

    .venv/bin/python bench/run.py --name sqlite-100k                     # bench/var/ SQLite database
    .venv/bin/python bench/run.py --name pg-100k \\
        --database-url postgres://postgres@127.0.0.1:5432/hv_bench

Starts `.venv/bin/hangviet serve --workers N --port P` on 127.0.0.1 against the bench database (made by
bench/generate.py), measures over loopback with http.client (keep-alive), stops the server, prints a
JSON report and writes it to bench/results/<name>.json. Every loop is bounded in count and in time.
"""

import argparse
import http.client
import json
import os
import platform
import random
import signal
import statistics
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

# With and without tone marks, raw Telex, one-letter typos, prefixes, multi-word and single-word queries.
QUERIES = (
    "mật hoa dừa", "mat hoa dua", "maatj hoa duwaf", "mat hao dua", "dừa sáp cầu kè", "dua sap",
    "khô cá lóc", "kho ca loc", "khoo cas lóc", "nước mắm", "nuoc mam nhi", "nuwowcs mawms",
    "bánh tét trà cuôn", "banh tet", "banh teet", "gạo st25", "gao huu co", "lục bình", "luc binh",
    "kẹo dừa", "keo dua sau rieng", "trà mãng cầu", "tinh dau sa", "bưởi da xanh", "buoi",
    "rượu nếp", "ruou", "mai vàng", "cay canh", "tour sinh thai", "dừa", "mat ho",
)  # fmt: skip


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary(latencies: list[float], errors: int, seconds: float) -> dict[str, Any]:
    ms = [x * 1000 for x in latencies]
    return {
        "requests": len(ms),
        "errors": errors,
        "p50_ms": round(percentile(ms, 0.50), 2),
        "p95_ms": round(percentile(ms, 0.95), 2),
        "p99_ms": round(percentile(ms, 0.99), 2),
        "mean_ms": round(statistics.fmean(ms), 2) if ms else None,
        "requests_per_s": round(len(ms) / seconds, 1) if seconds else None,
        "seconds": round(seconds, 2),
    }


class Client:
    """One keep-alive HTTP/1.1 connection to the server on loopback."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)

    def get(self, path: str) -> tuple[int, float, int]:
        started = time.perf_counter()
        try:
            self.conn.request("GET", path, headers={"Accept-Encoding": "identity"})
            response = self.conn.getresponse()
            body = response.read()
            status = response.status
        except (http.client.HTTPException, OSError):
            self.conn.close()
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
            return 599, time.perf_counter() - started, 0
        return status, time.perf_counter() - started, len(body)

    def close(self) -> None:
        self.conn.close()


def sequential(
    port: int, paths: list[str], count: int, max_seconds: float, prime: bool = False
) -> dict[str, Any]:
    client = Client(port)
    for path in paths if prime else paths[:10]:  # warm-up: imports, caches, connection
        client.get(path)
    latencies: list[float] = []
    errors = 0
    started = time.perf_counter()
    for i in range(count):
        if time.perf_counter() - started > max_seconds:
            break
        status, elapsed, _ = client.get(paths[i % len(paths)])
        if status == 200:
            latencies.append(elapsed)
        else:
            errors += 1
    client.close()
    return summary(latencies, errors, time.perf_counter() - started)


def concurrent(
    port: int, paths: list[str], clients: int, max_requests: int, max_seconds: float
) -> dict[str, Any]:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    issued = [0]
    deadline = time.perf_counter() + max_seconds

    def worker(seed: int) -> None:
        client = Client(port)
        rng = random.Random(seed)
        mine: list[float] = []
        failed = 0
        while time.perf_counter() < deadline:
            with lock:
                if issued[0] >= max_requests:
                    break
                issued[0] += 1
            status, elapsed, _ = client.get(rng.choice(paths))
            if status == 200:
                mine.append(elapsed)
            else:
                failed += 1
        client.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(max_seconds + 60)
    result = summary(latencies, errors[0], time.perf_counter() - started)
    result["clients"] = clients
    return result


def wait_ready(port: int, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/api/v1/categories")
            if conn.getresponse().status == 200:
                conn.close()
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("server did not become ready")


def server_env(var_dir: Path, database_url: str | None, **extra: str) -> dict[str, str]:
    """The environment of the benchmarked server; this process points Django at the same database."""
    env = dict(os.environ)
    env.update(
        HANGVIET_VAR_DIR=str(var_dir.resolve()),
        DJANGO_SETTINGS_MODULE="hangviet.config.settings",
        HANGVIET_RATE_LIMITS="off",  # one client address sends thousands of requests on purpose
        DEBUG="0",
        LOG_LEVEL="ERROR",
        **extra,
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    else:
        env.pop("DATABASE_URL", None)
    for key in ("HANGVIET_VAR_DIR", "DJANGO_SETTINGS_MODULE", "DATABASE_URL"):
        if key in env:
            os.environ[key] = env[key]
        else:
            os.environ.pop(key, None)
    sys.path.insert(0, str(PROJECT_DIR / "src"))
    return env


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    """Stop a server started in its own session: SIGTERM, then SIGKILL after 15 s."""
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def write_report(name: str, report: dict[str, Any]) -> None:
    """Print the report and keep it as bench/results/<name>.json."""
    text = json.dumps(report, ensure_ascii=False, indent=2)
    print(text)
    out = BENCH_DIR / "results" / f"{name}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(text + "\n", encoding="utf-8")


def product_slugs(count: int) -> tuple[list[str], int, str]:
    """Public product slugs to request, read straight from the bench database (fixed seed)."""
    import django

    django.setup()
    from django.db import connection

    from hangviet.catalog.queries import public_products

    total = public_products().count()
    ids = list(public_products().values_list("pk", flat=True).order_by("pk"))
    chosen = random.Random(42).sample(ids, min(count, len(ids)))
    slugs = list(public_products().filter(pk__in=chosen).values_list("slug", flat=True))
    return slugs, total, connection.vendor


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--name", default="sqlite")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--var-dir", type=Path, default=BENCH_DIR / "var")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=4, help="server workers for the throughput runs")
    parser.add_argument("--requests", type=int, default=400, help="sequential requests per endpoint")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients")
    parser.add_argument("--max-requests", type=int, default=20_000, help="cap per concurrent run")
    parser.add_argument("--seconds", type=float, default=20, help="time cap per run")
    parser.add_argument(
        "--prime",
        action="store_true",
        help="warm: request every path once before measuring one client (with the catalog cache on)",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="cold figures: the server caches no catalog read (CATALOG_CACHE_SECONDS=0)",
    )
    args = parser.parse_args(argv)

    env = server_env(
        args.var_dir, args.database_url, **({"CATALOG_CACHE_SECONDS": "0"} if args.no_cache else {})
    )
    slugs, public_total, vendor = product_slugs(300)
    if not slugs:
        raise SystemExit("no public products: run bench/generate.py first")

    rng = random.Random(7)
    search_paths = [f"/api/v1/products?q={urllib.parse.quote(q)}" for q in QUERIES]
    rng.shuffle(search_paths)
    page_paths = [f"/p/{slug}/" for slug in slugs]
    api_paths = [f"/api/v1/products/{slug}" for slug in slugs]

    subprocess.run(  # the server serves static files from the manifest; build it once
        [str(PROJECT_DIR / ".venv/bin/hangviet"), "collectstatic", "--noinput", "-v", "0"],
        env=env,
        check=True,
    )
    report: dict[str, Any] = {
        "name": args.name,
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "database": vendor,
        "catalog_cache": (
            "off (cold)"
            if args.no_cache
            else "on, primed (every path requested once first)"
            if args.prime
            else "on (the first pass over the paths misses)"
        ),
        "load_average_at_start": list(os.getloadavg()),
        "public_products": public_total,
        "server": "granian (WSGI) via `hangviet serve`",
        "client": "http.client keep-alive over loopback; latency = request sent → body read",
        "results": {},
    }
    for workers in sorted({1, args.workers}):
        proc = subprocess.Popen(
            [
                str(PROJECT_DIR / ".venv/bin/hangviet"),
                "serve",
                "--workers",
                str(workers),
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
            runs: dict[str, Any] = {}
            if workers == 1:
                runs["search_api_one_client"] = sequential(
                    args.port, search_paths, args.requests, args.seconds, args.prime
                )
                runs["product_page_one_client"] = sequential(
                    args.port, page_paths, args.requests, args.seconds, args.prime
                )
                runs["product_api_one_client"] = sequential(
                    args.port, api_paths, args.requests, args.seconds, args.prime
                )
            else:
                if args.prime:  # the entries primed by the 1-worker run may have expired since
                    sequential(args.port, page_paths + search_paths, 0, args.seconds, prime=True)
                for path_set in (page_paths, search_paths):  # warm every worker
                    concurrent(args.port, path_set, args.clients, 200, 10)
                runs["product_page_concurrent"] = concurrent(
                    args.port, page_paths, args.clients, args.max_requests, args.seconds
                )
                runs["search_api_concurrent"] = concurrent(
                    args.port, search_paths, args.clients, args.max_requests, args.seconds
                )
            report["results"][f"workers_{workers}"] = runs
        finally:
            stop_server(proc)
    one = report["results"].get("workers_1", {})
    many = report["results"].get(f"workers_{args.workers}", {})
    report["load_average_at_end"] = list(os.getloadavg())
    report["targets"] = {
        "search_api_p95_ms<=50": one.get("search_api_one_client", {}).get("p95_ms", 1e9) <= 50,
        "product_page_p95_ms<=30": one.get("product_page_one_client", {}).get("p95_ms", 1e9) <= 30,
        f"product_pages_per_s>=300 ({args.workers} workers)": (
            (many.get("product_page_concurrent", {}).get("requests_per_s") or 0) >= 300
        ),
    }
    write_report(args.name, report)


if __name__ == "__main__":
    main()

"""What the edge check (core/edge.py) costs per request: microseconds per call, in-process, no server.

    .venv/bin/python bench/edge.py [--repeat N]

Requests built with Django's RequestFactory: a page GET with a query string, a small JSON POST (a cart
line), a JSON POST with an escaped tab (the slow path: parsed and walked), a form POST, and an EPCIS
capture document of ~4.9 MB (the largest body the edge lets through). The figures include reading and
parsing the body (Django's form parsing, the 4.9 MB read), which the view would otherwise do itself.
Prints one JSON report.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hangviet.config.settings")

import django

django.setup()

from django.test import RequestFactory  # noqa: E402

from hangviet.core.edge import EdgeInputMiddleware  # noqa: E402


def epcis_document(target_bytes: int) -> bytes:
    event = {
        "type": "ObjectEvent",
        "eventTime": "2026-11-28T08:00:00+07:00",
        "eventTimeZoneOffset": "+07:00",
        "epcList": [f"https://id.gs1.org/01/08930000000012/21/{n}" for n in range(20)],
        "action": "OBSERVE",
        "bizStep": "shipping",
        "disposition": "in_transit",
        "readPoint": {"id": "urn:epc:id:sgln:8930000.00001.0"},
        "sensorElementList": [
            {
                "sensorMetadata": {"time": "2026-11-28T08:00:00+07:00"},
                "sensorReport": [{"type": "Temperature"}],
            }
        ],
    }
    one = len(json.dumps(event))
    events = [event] * (target_bytes // (one + 2))
    return json.dumps({"type": "EPCISDocument", "epcisBody": {"eventList": events}}).encode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=2000)
    args = parser.parse_args()
    rf = RequestFactory()
    edge = EdgeInputMiddleware(lambda request: None)  # type: ignore[arg-type,return-value]
    big = epcis_document(4_900_000)
    cases = {
        "page GET, 4 query parameters": lambda: rf.get(
            "/search/", {"q": "mật hoa dừa", "category": "thuc-pham", "price_min": "50.000", "page": "2"}
        ),
        "JSON POST, cart line": lambda: rf.post(
            "/api/v1/carts/x/items",
            {"product": "mat-hoa-dua", "quantity": 2},
            content_type="application/json",
        ),
        "JSON POST with an escaped tab (parsed)": lambda: rf.post(
            "/api/v1/carts/x/items", '{"product": "a", "note": "\\u0009"}', content_type="application/json"
        ),
        "form POST, 6 fields": lambda: rf.post(
            "/checkout/place/",
            {"name": "Trần Thị Bích", "phone": "0987654321", "street": "12 Nguyễn Đáng", "a": "1", "b": "2"},
        ),
        f"EPCIS capture, {len(big) / 1e6:.1f} MB": lambda: rf.post(
            "/api/v1/epcis/capture", big, content_type="application/ld+json"
        ),
    }
    report = {}
    for name, build in cases.items():
        repeat = args.repeat if "EPCIS" not in name else max(5, args.repeat // 200)
        timings = []
        for _ in range(repeat):
            request = build()
            start = time.perf_counter()
            refusal = edge.check(request)
            timings.append((time.perf_counter() - start) * 1e6)
            assert refusal is None, refusal
        report[name] = {
            "calls": repeat,
            "median_us": round(statistics.median(timings), 1),
            "p95_us": round(sorted(timings)[int(len(timings) * 0.95) - 1], 1),
        }
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Regenerate src/hangviet/core/data/admin_units.json.gz: Vietnam's administrative units.

Where the facts come from
    The codes and names are the national statistics office's official list (Tổng cục Thống kê / Cục
    Thống kê, danh mục đơn vị hành chính), after Resolution 202/2025/QH15 (34 provincial units,
    3,321 commune-level units, no district level since 01/07/2025), plus the pre-July-2025 list
    (63 provinces, districts, wards) and the official old → new conversion table. We read them from
    the PyPI package `vietnam-provinces` (https://github.com/sunshine-tech/VietnamProvinces), which
    carries that list in machine-readable form.

Why the package is not a dependency
    `vietnam-provinces` is licensed GPL-3.0-or-later and HàngViệt is Apache-2.0: the project must not
    import it at run time. Codes, names, kinds and the old → new mapping are public facts, not
    creative work, so we ship them as our own data file. This script is the only place that touches
    the package: it installs it into a throw-away virtual environment in a temporary directory, runs a
    small dumper there (a separate process, over the package's public API), and writes our own format.
    Nothing of the package's code is copied into the project.

Usage
    .venv/bin/python scripts/regenerate_admin_units.py [--version 2026.9.0] [--output PATH]

Needs Python >= 3.12 (the package's 2026 releases require it) and access to PyPI. After a data
change, add a data migration to app `core` that calls
`hangviet.core.unit_data.load_admin_units(apps, update=True)` so existing databases pick it up.

Format (compact JSON, gzip, deterministic bytes): see src/hangviet/core/data/README.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "src" / "hangviet" / "core" / "data" / "admin_units.json.gz"
FORMAT_VERSION = 1

# Runs INSIDE the temporary venv: prints the raw facts as JSON on stdout, using the public API only.
DUMPER = r"""
import json, sys
import vietnam_provinces as vp
from vietnam_provinces import Province, Ward
from vietnam_provinces import legacy

def kind(x):
    return str(x.division_type.value)

out = {
    "package_version": vp.__version__,
    "data_version": getattr(vp, "__data_version__", ""),
    "provinces": [[int(p.code), p.name, kind(p)] for p in Province.iter_all()],
    "communes": [[int(w.code), w.name, kind(w), int(w.province_code)] for w in Ward.iter_all()],
    "legacy_provinces": [
        [int(p.code), p.name, kind(p),
         [int(x.province.code) for x in Province.search_from_legacy(code=int(p.code))]]
        for p in legacy.Province.iter_all()
    ],
    "legacy_districts": [
        [int(d.code), d.name, kind(d), int(d.province_code)] for d in legacy.District.iter_all()
    ],
    "legacy_wards": [
        [int(w.code), w.name, kind(w), int(w.district_code),
         [int(x.ward.code) for x in Ward.search_from_legacy(code=int(w.code))]]
        for w in legacy.Ward.iter_all()
    ],
}
json.dump(out, sys.stdout, ensure_ascii=False)
"""

# The package's kind words → ours. "thành phố trung ương" (centrally run city) is written "thành phố".
KINDS = {"thành phố trung ương": "thành phố"}


def dump_from_package(version: str | None) -> dict[str, Any]:
    """Install vietnam-provinces in a temporary venv and return the raw facts its dumper prints."""
    requirement = f"vietnam-provinces=={version}" if version else "vietnam-provinces>=2026.2"
    with tempfile.TemporaryDirectory(prefix="hv-admin-units-") as tmp:
        venv = Path(tmp) / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        python = venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", requirement],
            check=True,
        )
        result = subprocess.run(
            [str(python), "-c", DUMPER], check=True, capture_output=True, encoding="utf-8"
        )
    return json.loads(result.stdout)


def _kind(value: str) -> str:
    return KINDS.get(value, value)


def build(raw: dict[str, Any]) -> dict[str, Any]:
    """Our format: zero-padded official codes, our kind words, every legacy unit mapped to today's units."""
    provinces = sorted([f"{c:02d}", name, _kind(k)] for c, name, k in raw["provinces"])
    communes = sorted([f"{c:05d}", name, _kind(k), f"{p:02d}"] for c, name, k, p in raw["communes"])
    province_codes = {p[0] for p in provinces}
    commune_province = {c[0]: c[3] for c in communes}

    districts = sorted([f"{c:03d}", name, _kind(k), f"{p:02d}"] for c, name, k, p in raw["legacy_districts"])
    district_province = {d[0]: d[3] for d in districts}
    wards = []
    for code, name, kind, district, new_codes in raw["legacy_wards"]:
        targets = [f"{c:05d}" for c in new_codes]
        wards.append([f"{code:05d}", name, _kind(kind), f"{district:03d}", targets])
    wards.sort()

    # Where did each old province and district go? Count the new provinces its wards went to: the
    # conversion table's own province column has a few slips, the ward-level mapping does not.
    went_to: dict[str, Counter[str]] = {}
    for *_code_name_kind, district, targets in wards:
        for target in targets:
            went_to.setdefault(district, Counter())[commune_province[target]] += 1
            went_to.setdefault("P" + district_province[district], Counter())[commune_province[target]] += 1

    legacy_provinces = []
    for code, name, kind, fallback in sorted(raw["legacy_provinces"]):
        counts = went_to.get(f"P{code:02d}")
        target = counts.most_common(1)[0][0] if counts else f"{fallback[0]:02d}"
        legacy_provinces.append([f"{code:02d}", name, _kind(kind), target])
    legacy_province_target = {p[0]: p[3] for p in legacy_provinces}
    legacy_districts = []
    for code, name, kind, province in districts:
        counts = went_to.get(code)
        target = counts.most_common(1)[0][0] if counts else legacy_province_target[province]
        legacy_districts.append([code, name, kind, province, target])

    data = {
        "format": FORMAT_VERSION,
        "source": {
            "package": "vietnam-provinces",
            "package_version": raw["package_version"],
            "data_version": raw["data_version"],
            "facts_from": "Cục Thống kê (national statistics office) list of administrative units",
            "effective_on": "2025-07-01",
        },
        "provinces": provinces,
        "communes": communes,
        "legacy_provinces": legacy_provinces,
        "legacy_districts": legacy_districts,
        "legacy_wards": wards,
    }
    check(data, province_codes)
    return data


def check(data: dict[str, Any], province_codes: set[str]) -> None:
    """Refuse to write a file that breaks the invariants the app relies on."""
    for key in ("provinces", "communes", "legacy_provinces", "legacy_districts", "legacy_wards"):
        codes = [row[0] for row in data[key]]
        if len(codes) != len(set(codes)):
            raise SystemExit(f"duplicate codes in {key}")
    commune_codes = {c[0] for c in data["communes"]}
    if any(c[3] not in province_codes for c in data["communes"]):
        raise SystemExit("a commune points to an unknown province")
    if any(p[3] not in province_codes for p in data["legacy_provinces"]):
        raise SystemExit("a legacy province points to an unknown province")
    if any(t not in commune_codes for w in data["legacy_wards"] for t in w[4]):
        raise SystemExit("a legacy ward points to an unknown commune")


def write(data: dict[str, Any], output: Path) -> None:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    output.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 and no file name: the same facts always give the same bytes (clean diffs).
    with (
        output.open("wb") as raw_file,
        gzip.GzipFile(fileobj=raw_file, mode="wb", mtime=0, filename="") as gz,
    ):
        gz.write(payload)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--version", help="exact vietnam-provinces version (default: newest >= 2026.2)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    data = build(dump_from_package(args.version))
    write(data, args.output)
    unmapped = sum(1 for w in data["legacy_wards"] if not w[4])
    split = sum(1 for w in data["legacy_wards"] if len(w[4]) > 1)
    print(
        f"{args.output}: {len(data['provinces'])} provinces, {len(data['communes'])} communes; legacy "
        f"{len(data['legacy_provinces'])} provinces, {len(data['legacy_districts'])} districts, "
        f"{len(data['legacy_wards'])} wards ({split} split, {unmapped} without a mapping); "
        f"from vietnam-provinces {data['source']['package_version']} (data {data['source']['data_version']})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

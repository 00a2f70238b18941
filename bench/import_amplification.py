"""Import amplification: time and peak memory of reading two crafted product files, before and after
the bounds (issue 9, point 9).

    .venv/bin/python bench/import_amplification.py --before 028981a

Builds the two files of the report (tests/hostile_files.py): a 52 KB XLSX with a valid header and one
cell at column XFD on 10,000 rows, and a ~390 KB XLSX of 76,000 blank rows (each with an empty cell at
XFD) and one product row below them; and, for comparison, a genuine file of 10,000 valid product rows
(the most a verified shop may import). Each file is built first, then read from disk by
`catalog.imports.parse.read_sheet` (what the import worker does first) in a fresh child process, with the
current code and, with `--before REV`, with the reader as it was at REV (catalog/imports/parse.py, or
catalog/imports.py before the import was split). Reported per run: wall
seconds of the read, the child's peak RSS (ru_maxrss) and its RSS before the read, the outcome, and the
rows/cells the bounded reader handed over.
Writes bench/results/import-amplification.json.
"""

import argparse
import io
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
FILES = ("xfd", "blank", "valid")


def build(kind: str) -> bytes:
    sys.path.insert(0, str(PROJECT_DIR))
    from tests.catalog.test_import import HEADER, row, xlsx_bytes
    from tests.hostile_files import xlsx_blank_rows, xlsx_cell_at_xfd

    if kind == "xfd":
        return xlsx_cell_at_xfd(HEADER, rows=10_000)
    if kind == "blank":
        return xlsx_blank_rows(HEADER, rows=76_000)
    return xlsx_bytes([row(f"SKU-{n}", name=f"Mật ong hoa nhãn {n}") for n in range(10_000)])


def load_imports(rev: str | None) -> types.ModuleType:
    from hangviet.catalog.imports import parse

    if rev is None:
        return parse
    for path in ("src/hangviet/catalog/imports/parse.py", "src/hangviet/catalog/imports.py"):
        shown = subprocess.run(
            ["git", "show", f"{rev}:{path}"], cwd=PROJECT_DIR, capture_output=True, text=True
        )
        if shown.returncode == 0:
            break
    else:
        raise SystemExit(f"no product file reader at {rev}")
    source = shown.stdout
    module = types.ModuleType("hangviet.catalog.imports_before")
    module.__file__ = f"{rev}:{path}"
    exec(compile(source, module.__file__, "exec"), module.__dict__)  # noqa: S102 - our own code at REV
    return module


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hangviet.config.settings")
    import django

    django.setup()


def child(kind: str, path: str, rev: str | None) -> None:
    setup_django()
    imports = load_imports(rev)
    content = Path(path).read_bytes()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    counters = None
    started = time.perf_counter()
    try:
        if rev is None:
            counters = imports.ReadCounters()
            sheet = imports.read_sheet(io.BytesIO(content), "xlsx", counters=counters)
        else:
            sheet = imports.read_sheet(io.BytesIO(content), "xlsx")
        outcome = f"read {len(sheet.rows)} product rows"
    except imports.ImportRejected as exc:
        outcome = f"refused: {exc.errors[0]['code']}"
    seconds = time.perf_counter() - started
    report = {
        "file": kind,
        "file_bytes": len(content),
        "code": rev or "current",
        "seconds": round(seconds, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "rss_before_read_mb": round(rss_before / 1024, 1),
        "outcome": outcome,
    }
    if counters is not None:
        report.update(rows_scanned=counters.rows, cells_handed_over=counters.cells)
    print(json.dumps(report))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--before", metavar="REV", help="also measure the reader as it was at REV")
    parser.add_argument("--name", default="import-amplification")
    parser.add_argument("--timeout", type=int, default=900, help="seconds allowed to one read")
    parser.add_argument("--files", nargs="+", choices=FILES, default=list(FILES), help="which files to read")
    parser.add_argument("--child", choices=FILES, help=argparse.SUPPRESS)
    parser.add_argument("--rev", help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    parser.add_argument("--build", choices=FILES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        setup_django()
        Path(args.path).write_bytes(build(args.build))
        return
    if args.child:
        child(args.child, args.path, args.rev)
        return
    runs = []
    load_start = os.getloadavg()[0]
    workdir = Path(tempfile.mkdtemp(prefix="hv-import-bench-"))
    for kind in args.files:
        path = workdir / f"{kind}.xlsx"
        # Built by a process of its own: Linux carries a parent's peak RSS into the children it forks, so
        # this process stays small and each reader's ru_maxrss is its own.
        subprocess.run([sys.executable, __file__, "--build", kind, "--path", str(path)], check=True)
        for rev in ([args.before] if args.before else []) + [None]:
            command = [sys.executable, __file__, "--child", kind, "--path", str(path)]
            command += ["--rev", rev] if rev else []
            try:
                done = subprocess.run(
                    command, capture_output=True, text=True, timeout=args.timeout, check=True
                )
                run = json.loads(done.stdout.strip().splitlines()[-1])
            except subprocess.TimeoutExpired:
                run = {"file": kind, "code": rev or "current", "outcome": f"killed after {args.timeout} s"}
            print(json.dumps(run), flush=True)
            runs.append(run)
        path.unlink()
    workdir.rmdir()
    report = {
        "name": args.name,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average_at_start": load_start,
        "load_average_at_end": os.getloadavg()[0],
        "runs": runs,
    }
    out = BENCH_DIR / "results" / f"{args.name}.json"
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written {out}")


if __name__ == "__main__":
    main()

"""Generate a large, realistic catalog for benchmarks: the demo data plus N generated products.

    .venv/bin/python bench/generate.py --products 100000                       # SQLite in bench/var/
    .venv/bin/python bench/generate.py --products 100000 \\
        --database-url postgres://postgres@127.0.0.1:5432/hv_bench

Deterministic (fixed seed) and resumable: products are numbered; a second run adds only the missing
ones. Names are built from the demo's word lists (items × producer brands × modifiers × pack sizes), so
folded names, search text and the search index look like the real thing.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
DEFAULT_VAR_DIR = BENCH_DIR / "var"

MODIFIERS = (
    "", "", "", "loại 1", "đặc biệt", "hữu cơ", "quà tặng", "xuất khẩu", "mẫu mới", "combo tiết kiệm",
    "truyền thống", "nguyên chất", "cao cấp", "gia đình", "túi zip", "vụ mới", "hảo hạng", "nhà làm",
)  # fmt: skip


def configure(database_url: str | None, var_dir: Path) -> None:
    """Point Django at the bench database (before django.setup())."""
    var_dir.mkdir(parents=True, exist_ok=True)
    os.environ["HANGVIET_VAR_DIR"] = str(var_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hangviet.config.settings")
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)


def generate(total: int, sellers_count: int, batch_size: int) -> dict[str, object]:
    from django.core.management import call_command
    from django.db import connection, transaction
    from stdnum import ean

    from hangviet.catalog.models import Category, Product
    from hangviet.catalog.search_columns import derive_search_columns
    from hangviet.catalog.versions import catalog_changed
    from hangviet.core.models import Commune
    from hangviet.core.text import fold, slugify_vi
    from hangviet.demo import builders
    from hangviet.demo import content as c

    started = time.monotonic()
    call_command("migrate", "--noinput", verbosity=0)
    report = builders.load_demo(images=False)
    print(f"demo: {report.created or 'already loaded'}", flush=True)

    officer = builders.ensure_accounts(report)["officer@demo.hangviet.vn"]
    specs = builders.seller_specs(sellers_count, statuses=False, offset=1000)
    with transaction.atomic():
        sellers = list(builders.ensure_sellers(specs, officer, report).values())
    categories = {cat.code: cat for cat in Category.objects.all()}
    communes = {cm.code: cm for cm in Commune.objects.filter(code__in=c.COMMUNES)}
    spec_by_pk = {seller.pk: spec for seller, spec in zip(sellers, specs, strict=True)}

    existing = set(
        Product.objects.filter(seller__in=sellers, sku__startswith="B").values_list("sku", flat=True)
    )
    families = c.FAMILIES
    made = 0
    batch: list[Product] = []

    def flush() -> None:
        nonlocal made
        with transaction.atomic():
            Product.objects.bulk_create(batch)
        made += len(batch)
        batch.clear()
        print(f"  {made} products ({time.monotonic() - started:.0f} s)", flush=True)

    for i in range(total):
        sku = f"B{i:07d}"
        if sku in existing:
            continue
        rng = random.Random(i * 7919 + 17)
        seller = sellers[i % len(sellers)]
        spec = spec_by_pk[seller.pk]
        if rng.random() < 0.6:
            family = builders.FAMILY_BY_KEY[rng.choice(spec.families)]
        else:
            family = rng.choice(families)
        item, option, modifier = rng.choice(family.items), rng.choice(family.options), rng.choice(MODIFIERS)
        brand = "" if fold(spec.brand) in fold(item) else f" {spec.brand}"
        name = " ".join(f"{item}{brand} {modifier}".split()) + f" ({option.net_quantity})"
        body = f"952{i:09d}"
        product = Product(
            seller=seller,
            category=categories[family.category],
            name=name,
            slug=f"{slugify_vi(name, 80)}-{i}",
            description=f"<p>{item}: {family.story}</p><p><em>Dữ liệu sinh cho đo hiệu năng.</em></p>",
            unit=option.unit,
            net_quantity=option.net_quantity,
            price_vnd=max(1000, round(option.price_vnd * rng.uniform(0.8, 1.3), -3)),
            stock=0 if rng.random() < 0.08 else rng.randint(1, 500),
            sku=sku,
            gtin=(body + ean.calc_check_digit(body)).zfill(14) if rng.random() < 0.5 else "",
            origin_commune=communes.get(spec.commune_code),
            status=Product.Status.ACTIVE if rng.random() < 0.95 else Product.Status.DRAFT,
        )
        derive_search_columns(product)
        batch.append(product)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    catalog_changed()  # bulk_create sends no post_save: a running server must not serve cached reads
    with connection.cursor() as cursor:  # fresh planner statistics for the bulk-loaded rows
        # PostgreSQL: VACUUM also sets the visibility map, without which no index-only scan is used.
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE")
    return {
        "database": connection.vendor,
        "products_total": Product.objects.count(),
        "products_created": made,
        "bench_sellers": len(sellers),
        "seconds": round(time.monotonic() - started, 1),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--products", type=int, default=100_000, help="generated products (besides the demo's)"
    )
    parser.add_argument("--sellers", type=int, default=0, help="generated sellers (default: products / 250)")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument(
        "--var-dir", type=Path, default=DEFAULT_VAR_DIR, help="SQLite file and media (bench/var)"
    )
    parser.add_argument("--batch-size", type=int, default=5000)
    args = parser.parse_args(argv)
    configure(args.database_url, args.var_dir)
    sys.path.insert(0, str(BENCH_DIR.parent / "src"))
    import django

    django.setup()
    sellers = args.sellers or max(40, args.products // 250)
    print(generate(args.products, sellers, args.batch_size), flush=True)


if __name__ == "__main__":
    main()

"""`hangviet demo`: load the deterministic demo data (idempotent) and print the demo logins."""

import os
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.module_loading import import_string

from hangviet.demo import content
from hangviet.demo.builders import UnitsNotLoaded, load_demo

LOGINS = (
    ("Cán bộ Sở Công Thương / officer", "officer@demo.hangviet.vn"),
    ("Người bán (HTX Mật hoa dừa Cầu Ngang) / seller", "seller@demo.hangviet.vn"),
    ("Quản trị / superuser (/admin/)", "admin@demo.hangviet.vn"),
)


# Each area's demo, loaded after the marketplace's own (sellers, products, certificates), in this order.
AREA_LOADERS = (
    "hangviet.ocop.demo.load_demo",
    "hangviet.orders.demo.load_demo",
    "hangviet.trace.demo.load_demo",
    "hangviet.promotion.demo.loader.load_demo",
    "hangviet.syndication.demo.load_demo",
)


class Command(BaseCommand):
    help = (
        "Load the deterministic demo data (idempotent): producers of Vĩnh Long, OCOP products, certificates."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-images", action="store_true", help="do not generate product pictures")

    def handle(self, *args: Any, **options: Any) -> None:
        # A deployment that must never hold demo accounts sets HANGVIET_DEMO=0 (`hangviet run` calls us).
        if os.environ.get("HANGVIET_DEMO", "1").strip().lower() in {"0", "false", "no", "off"}:
            self.stdout.write("demo: skipped (HANGVIET_DEMO=0)")
            return
        started = time.monotonic()
        try:
            report = load_demo(images=not options["no_images"])
        except UnitsNotLoaded as exc:
            raise CommandError(str(exc)) from exc
        for path in AREA_LOADERS:
            import_string(path)(stdout=self.stdout)
        elapsed = time.monotonic() - started
        if report.total:
            made = ", ".join(f"{n} {what}" for what, n in report.created.items())
            self.stdout.write(f"demo: created {made} in {elapsed:.1f} s")
        else:
            self.stdout.write(f"demo: already loaded, nothing to do ({elapsed:.1f} s)")
        self.stdout.write(f"Demo logins (mật khẩu / password: {content.DEMO_PASSWORD}):")
        for role, email in LOGINS:
            self.stdout.write(f"  {email:28} {role}")

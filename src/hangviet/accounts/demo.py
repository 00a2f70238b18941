"""The password of every demo login (printed by `hangviet demo`), defined once here, the lowest room whose
demo data makes users, so every room's demo builder can import it (`hangviet.demo` sits above them all)."""

DEMO_PASSWORD = "demo-hangviet-2026"  # noqa: S105 (documented demo login)

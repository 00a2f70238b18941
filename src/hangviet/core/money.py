"""VND amounts: integers (the đồng has no minor unit), written the Vietnamese way."""


def format_vnd(amount: int) -> str:
    """120000 → "120.000 ₫" (dot as thousands separator, narrow no-break space before the sign)."""
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(int(amount)):,}".replace(",", ".") + "\u00a0₫"

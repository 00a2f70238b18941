"""Vietnamese text folding: the one definition used by Python, SQLite and PostgreSQL search."""

import re
import unicodedata

_D_TABLE = str.maketrans({"đ": "d", "Đ": "D"})
_SLUG_STRIP = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Fold Vietnamese text for matching: đ→d, drop tone and vowel marks, casefold.

    "Đường đi Hà Nội" → "duong di ha noi". đ has no Unicode decomposition, so it is mapped first.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_D_TABLE))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).casefold()


def slugify_vi(text: str, max_length: int = 80) -> str:
    """A URL slug from Vietnamese text: "Mật hoa dừa Sokfarm" → "mat-hoa-dua-sokfarm"."""
    slug = _SLUG_STRIP.sub("-", fold(text)).strip("-")
    return slug[:max_length].rstrip("-")

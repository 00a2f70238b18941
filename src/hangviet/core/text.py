"""Vietnamese text folding: the one definition used by Python, SQLite and PostgreSQL search."""

import re
import unicodedata
from collections import Counter
from typing import Any

from django.db.models import Model, QuerySet

_D_TABLE = str.maketrans({"đ": "d", "Đ": "D"})
_SLUG_STRIP = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Fold Vietnamese text for matching: đ→d, drop tone and vowel marks, casefold.

    "Đường đi Hà Nội" → "duong di ha noi". đ has no Unicode decomposition, so it is mapped first.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_D_TABLE))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).casefold()


def sort_key(text: str) -> tuple[str, str]:
    """The one order of Vietnamese names in lists: by the folded name ("Ân Hòa" before "Bình Phú"), ties by
    the exact name. The database orders the same way with `order_by("name_folded", "name")`."""
    return fold(text), text


def slugify_vi(text: str, max_length: int = 80) -> str:
    """A URL slug from Vietnamese text: "Mật hoa dừa Sokfarm" → "mat-hoa-dua-sokfarm"."""
    slug = _SLUG_STRIP.sub("-", fold(text)).strip("-")
    return slug[:max_length].rstrip("-")


def unique_slug(existing: type[Model] | QuerySet[Any], text: str, *, max_length: int, fallback: str) -> str:
    """The slug of `text` (cut at `max_length`, `fallback` when it has no letter or digit) that no row of
    `existing` (a model, or the queryset of rows to avoid) holds yet: "mat-hoa-dua", else "mat-hoa-dua-2", …
    The column needs room for the number after `max_length`."""
    return unique_slugs(existing, [text], max_length=max_length, fallback=fallback)[0]


def unique_slugs(
    existing: type[Model] | QuerySet[Any], texts: list[str], *, max_length: int, fallback: str
) -> list[str]:
    """unique_slug for each of `texts` at once (a spreadsheet's new products), also unique among
    themselves; two queries, plus one per slug already taken, whatever the number of texts."""
    rows = existing._default_manager.all() if isinstance(existing, type) else existing
    bases = [slugify_vi(text, max_length) or fallback for text in texts]
    taken = set(rows.filter(slug__in=set(bases)).values_list("slug", flat=True))
    counts = Counter(bases)
    for base in {b for b in bases if b in taken or counts[b] > 1}:
        taken |= set(rows.filter(slug__startswith=f"{base}-").values_list("slug", flat=True))
    slugs = []
    for base in bases:
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        slugs.append(slug)
    return slugs

"""The OCOP classification (6 groups → subgroups → product sets) as the category tree's seed."""

import json
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).parent / "data" / "ocop_categories.json"


def load_ocop_categories(category_model: Any) -> int:
    """Create or update the OCOP categories; returns how many exist. Safe to run again."""
    count = 0

    def walk(nodes: list[list[Any]], parent: Any) -> None:
        nonlocal count
        for position, node in enumerate(nodes):
            code, slug, name, name_en = node[:4]
            obj, _ = category_model.objects.update_or_create(
                code=code,
                defaults={
                    "slug": slug,
                    "name": name,
                    "name_en": name_en,
                    "parent": parent,
                    "position": position,
                },
            )
            count += 1
            walk(node[4] if len(node) > 4 else [], obj)

    walk(json.loads(DATA_FILE.read_text(encoding="utf-8")), None)
    return count

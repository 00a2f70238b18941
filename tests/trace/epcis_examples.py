"""GS1's EPCIS 2.0 example documents, kept in the repository (data/epcis-conformance/README.md)."""

import json
from pathlib import Path

EXAMPLES_DIR = Path(__file__).resolve().parent / "data" / "epcis-conformance"
NAMES = (
    "Example_9.6.1-ObjectEvent.jsonld",
    "Example_9.6.3-AggregationEvent.jsonld",
    "Example_9.6.4-TransformationEvent.jsonld",
)


def examples() -> list[Path]:
    """Every example document, each of them present (a missing one fails the test, never skips it)."""
    paths = [EXAMPLES_DIR / name for name in NAMES]
    missing = [p.name for p in paths if not p.is_file()]
    assert not missing, f"GS1 EPCIS examples missing from {EXAMPLES_DIR}: {missing}"
    return paths


def load_example(name: str) -> dict:
    return json.loads((EXAMPLES_DIR / name).read_text())

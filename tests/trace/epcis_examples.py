"""GS1's EPCIS 2.0 examples, JSON Schema and JSON-LD contexts, kept in the repository
(data/gs1-epcis/README.md: source, commit and licence): the tests fetch nothing from outside and never
skip for a missing file."""

import json
from functools import cache
from pathlib import Path
from typing import Any

# GS1's EPCIS examples, JSON Schema and JSON-LD contexts, kept in the repository (source and licence in
# its README): the tests fetch nothing from outside.
GS1_EPCIS = Path(__file__).resolve().parent / "data" / "gs1-epcis"
BASIC_EXAMPLES = (
    "Example_9.6.1-ObjectEvent.jsonld",
    "Example_9.6.3-AggregationEvent.jsonld",
    "Example_9.6.4-TransformationEvent.jsonld",
)


def examples() -> list[Path]:
    """The three examples of the standard's section 9.6 (four events) that many tests capture; a missing
    one fails the test, never skips it."""
    paths = [GS1_EPCIS / "JSON" / name for name in BASIC_EXAMPLES]
    missing = [p.name for p in paths if not p.is_file()]
    assert not missing, f"GS1 EPCIS examples missing from {GS1_EPCIS}: {missing}"
    return paths


def all_examples() -> list[Path]:
    """Every GS1 example document kept here, valid or not (the schema decides which)."""
    return sorted(GS1_EPCIS.glob("JSON*/**/*.jsonld"))


def load_example(name: str) -> dict:
    return json.loads((GS1_EPCIS / "JSON" / name).read_text())


@cache
def _schema_validator() -> Any:
    from jsonschema import Draft7Validator

    schema = json.loads((GS1_EPCIS / "EPCIS-JSON-Schema.json").read_text())
    # With rfc3986-validator installed, "format": "uri" is checked as GS1 means it (extension keys are URIs).
    return Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)


def schema_errors(document: Any) -> list[str]:
    """What GS1's EPCIS JSON Schema says is wrong with a document (empty: valid)."""
    return [
        f"{'.'.join(map(str, error.absolute_path))}: {error.message}"
        for error in _schema_validator().iter_errors(document)
    ]

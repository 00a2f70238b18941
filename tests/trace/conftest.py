import json
from pathlib import Path

import pytest

from hangviet.accounts.services import create_api_token

REPO = Path(__file__).resolve().parents[2]
CONFORMANCE = REPO.parent / "shared" / "conformance" / "epcis"


def conformance_dir() -> Path:
    if not (CONFORMANCE / "EPCIS-JSON-Schema.json").exists():
        pytest.skip(f"GS1 EPCIS conformance data missing at {CONFORMANCE} (needs shared/ beside the repo)")
    return CONFORMANCE


def examples() -> list[Path]:
    return sorted(CONFORMANCE.glob("Example_*.jsonld"))


def load_example(name: str) -> dict:
    return json.loads((conformance_dir() / name).read_text())


@pytest.fixture
def member(f):
    """A seller's owner with an API token: (user, seller, auth headers)."""
    user = f.user()
    seller = f.seller(owner=user)
    _token, key = create_api_token(actor=user, name="test", scopes=["trace"])
    return user, seller, {"HTTP_AUTHORIZATION": f"Bearer {key}"}

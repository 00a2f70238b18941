"""The API fuzz's parameters (tests/config/test_api_fuzz.py) from the environment; `make fuzz` sets them."""

import os

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "30"))  # generated requests per operation, besides coverage
SEED = int(os.environ.get("FUZZ_SEED", "20260109"))
MODE = os.environ.get("FUZZ_MODE", "all")  # positive, negative or all

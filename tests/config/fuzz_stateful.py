"""The API fuzz as workflows (`make fuzz` only: the file's name keeps it out of make test's collection).

schemathesis infers 90 links between the operations from their schemas (POST /carts gives the `token`
GET /carts/{token} and the checkout take, a checkout gives the order `code`s the sellers' moves take…)
and runs sequences of calls along them, on the world and with the tokens of test_api_fuzz.py, with the
same checks. FUZZ_EXAMPLES / 10 sequences of up to 10 calls.
"""

import pytest
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import ignored_auth

from tests.config.fuzz_params import EXAMPLES
from tests.config.test_api_fuzz import fuzz_world, schema  # noqa: F401 - the fixture, for this module


class Workflows(schema.as_state_machine()):  # type: ignore[misc]
    def get_call_kwargs(self, case):
        headers = {"Accept-Encoding": "identity"}  # the WSGI client does not decompress
        if "Authorization" in (case.headers or {}):  # as credentials, as in test_api
            headers["Authorization"] = case.headers.pop("Authorization")
        return {"headers": headers}

    def validate_response(self, response, case, additional_checks=None, **kwargs):
        # ignored_auth is held per operation in test_api; here its probes resend the step's transport
        # headers, the token with them, so it cannot take the token away and reports every token operation.
        case.validate_response(
            response,
            additional_checks=additional_checks,
            excluded_checks=[ignored_auth],
            transport_kwargs=kwargs or None,
            recorder=self.recorder,
        )


@pytest.mark.usefixtures("fuzz_world")
def test_api_workflows():
    Workflows.run(
        settings=settings(
            max_examples=max(EXAMPLES // 10, 10),
            stateful_step_count=10,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
    )

"""Property-based tests of the API against its own OpenAPI document (stateless and stateful).

Every response must be documented and match its schema, and nothing may answer 5xx.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import Caller
from tests.factories import make_assignment, make_help_request, make_resident, make_volunteer

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Few examples keep CI quick; API_FUZZ_EXAMPLES=200 digs deeper locally.
EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "8"))
FAST = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def _isolated(app: Flask) -> Callable[[dict[str, Any], Any], Iterable[bytes]]:
    """The app as WSGI, each request in its own app context as in production."""

    def wsgi(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        with app.app_context():
            return list(app.wsgi_app(environ, start_response))

    return wsgi


@pytest.fixture
def api_schema(app: Flask, caller: Caller) -> Any:
    """The API's document, loaded from the running app, with seeded data and a token."""
    resident = make_resident(caller.organisation)
    volunteer = make_volunteer(caller.organisation)
    make_assignment(make_help_request(resident), volunteer, status="proposed")
    return schemathesis.openapi.from_wsgi(
        "/api/v1/openapi.json", _isolated(app), headers=caller.headers
    )


@pytest.mark.slow
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_operation_answers_as_documented(
    api_schema: Any, caller: Caller, mode: GenerationMode
) -> None:
    # schemathesis' own pytest plugin does not load under pytest 9, so each
    # operation's strategy is driven by Hypothesis here instead.
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 19
    for operation in operations:

        @FAST
        @given(case=operation.as_strategy(generation_mode=mode))
        def check(case: Any) -> None:
            case.call_and_validate(headers=caller.headers, checks=CHECKS)

        check()


@pytest.mark.slow
def test_sequences_of_calls_answer_as_documented(api_schema: Any, caller: Caller) -> None:
    machine = api_schema.as_state_machine()

    class Workflow(machine):  # type: ignore[misc,valid-type]
        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"headers": caller.headers}

        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            case.validate_response(response, checks=CHECKS)

    Workflow.run(settings=settings(FAST, max_examples=2 * EXAMPLES, stateful_step_count=6))

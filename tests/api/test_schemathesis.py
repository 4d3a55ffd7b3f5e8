"""Property-based requests generated from the OpenAPI spec (schemathesis): no endpoint answers
500, whatever the input; responses match their documented schema. A bounded number of examples
per operation keeps the run well under two minutes.

(Driven with hypothesis directly: schemathesis' pytest plugin does not work with this pytest.)
"""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.checks import not_a_server_error, response_schema_conformance  # noqa: E402

EXAMPLES = 15


def operations(app):  # type: ignore[no-untyped-def]
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    schema = schema.exclude(path="/api/logout")  # it would revoke the token the run uses
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("role", ["admin", "education"])
def test_no_server_errors_and_documented_responses(corpus, role) -> None:  # type: ignore[no-untyped-def]
    auth = corpus.headers(role)["Authorization"]
    ops = operations(corpus.app)
    assert len(ops) >= 13
    for op in ops:
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
        @given(case=op.as_strategy())
        def check(case) -> None:  # type: ignore[no-untyped-def]
            headers = dict(case.headers or {})
            headers.setdefault("Authorization", auth)
            case.call_and_validate(headers=headers, checks=[not_a_server_error, response_schema_conformance])

        check()

"""schemathesis against the OpenAPI document: no server error, no schema violation (bounded examples)."""
from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings

from sitroom.web._api import create_app
from test_api import build_demo_db

EXAMPLES_PER_OPERATION = 20


def test_api_conforms_to_its_openapi_document(tmp_path_factory):
    app = create_app(build_demo_db(tmp_path_factory.getbasetemp()))
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def check(case):
            case.call_and_validate()

        check()

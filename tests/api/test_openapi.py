"""The OpenAPI document and its readable page."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from tests.api.conftest import Caller
from tests.factories import log_in, make_organisation


def test_the_document_describes_every_api_route(
    app: Flask, caller: Caller, client: FlaskClient
) -> None:
    document = client.get("/api/v1/openapi.json", headers=caller.headers).json
    assert (
        document["openapi"].startswith("3.")
        and "bearer" in document["components"]["securitySchemes"]
    )
    documented = {
        (method.upper(), path) for path, ops in document["paths"].items() for method in ops
    }
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api.") and rule.endpoint not in {
            "api.openapi_document",
            "api.openapi_page",
        }:
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
            for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}:
                assert (method, path) in documented
    volunteer = document["components"]["schemas"]["VolunteerInput"]
    assert volunteer["additionalProperties"] is False and "phone" in volunteer["required"]
    window = document["components"]["schemas"]["TimeWindow"]["properties"]["start"]
    assert window["format"] == "date-time"


def test_the_document_needs_a_token_or_a_coordinator_session(
    app: Flask, client: FlaskClient
) -> None:
    assert client.get("/api/v1/openapi.json").status_code == 401
    assert client.get("/api/v1/docs").status_code == 401
    log_in(client, make_organisation())
    assert client.get("/api/v1/openapi.json").status_code == 200


def test_the_readable_page_uses_no_outside_assets_or_scripts(
    caller: Caller, client: FlaskClient
) -> None:
    response = client.get("/api/v1/docs", headers=caller.headers)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "POST /api/v1/volunteers" in html
    assert "<script" not in html
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "VolunteerInput" in html

"""The OpenAPI 3 document, built from the API's routes and their marshmallow schemas."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Flask
from marshmallow import Schema, fields

from web.schemas.api.common import ErrorBody, Versioned
from web.schemas.fields import ClockTime, Phone

F = TypeVar("F", bound=Callable[..., Any])
ERROR_TEXT = {
    400: "The body is not a JSON object",
    401: "No valid bearer token",
    404: "No such record in your organisation",
    409: "Stale `version`, or a conflict with another record",
    413: "The body is too large",
    422: "Invalid input; each field path names its problems",
}
_ARGUMENT = re.compile(r"<(?:(\w+):)?(\w+)>")


@dataclass(frozen=True)
class Operation:
    """What the document says about one view."""

    summary: str
    status: int
    response: type[Schema] | None
    body: type[Schema] | None
    query: type[Schema] | None
    errors: tuple[int, ...] = field(default=(401,))


def operation(
    summary: str,
    *,
    status: int = 200,
    response: type[Schema] | None = None,
    body: type[Schema] | None = None,
    query: type[Schema] | None = None,
    errors: tuple[int, ...] = (),
) -> Callable[[F], F]:
    """Describe a view for the OpenAPI document."""
    implied: tuple[int, ...] = (400, 413, 422) if body is not None else ()
    implied += (422,) if query is not None else ()

    def decorate(view: F) -> F:
        view.api_operation = Operation(  # type: ignore[attr-defined]
            summary, status, response, body, query, tuple(sorted({401, *implied, *errors}))
        )
        return view

    return decorate


def patch_body(base: type[Schema], name: str, **extra: fields.Field[Any]) -> type[Schema]:
    """A PATCH body: every field of `base` optional, plus the `version` last read."""
    optional = {}
    for key, declared in base._declared_fields.items():
        loose = copy.copy(declared)
        loose.required = False
        optional[key] = loose
    return type(name, (base, Versioned), {**optional, **extra})


def _clock_time(_converter: Any, field: fields.Field[Any], **_: Any) -> dict[str, Any]:
    if isinstance(field, ClockTime):
        return {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d$", "example": "09:30"}
    if isinstance(field, Phone):
        return {"example": "+32470123456"}
    return {}


def _responses(op: Operation) -> dict[str, Any]:
    responses: dict[str, Any] = {}
    if op.response is None:
        responses[str(op.status)] = {"description": "Done"}
    else:
        content = {"application/json": {"schema": op.response}}
        responses[str(op.status)] = {"description": op.summary, "content": content}
    for status in op.errors:
        responses[str(status)] = {
            "description": ERROR_TEXT[status],
            "content": {"application/json": {"schema": "ErrorBody"}},
        }
    return responses


def build_document(app: Flask) -> dict[str, Any]:
    """The OpenAPI document of every `/api/v1` route that carries an operation."""
    plugin = MarshmallowPlugin()
    spec = APISpec("buurtmatch API", "1.0.0", "3.0.3", plugins=[plugin])
    plugin.converter.add_attribute_function(_clock_time)  # type: ignore[union-attr]
    spec.components.schema("ErrorBody", schema=ErrorBody)
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    paths: dict[str, dict[str, Any]] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        op: Operation | None = getattr(app.view_functions[rule.endpoint], "api_operation", None)
        if op is None:
            continue
        path = _ARGUMENT.sub(r"{\2}", rule.rule)
        parameters: list[dict[str, Any]] = [
            {"in": "path", "name": name, "required": True, "schema": {"type": "integer"}}
            for _, name in _ARGUMENT.findall(rule.rule)
        ]
        if op.query is not None:
            parameters.append({"in": "query", "schema": op.query})
        spec_op: dict[str, Any] = {
            "operationId": rule.endpoint.removeprefix("api."),
            "summary": op.summary,
            "security": [{"bearer": []}],
            "responses": _responses(op),
        }
        if parameters:
            spec_op["parameters"] = parameters
        if op.body is not None:
            spec_op["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": op.body}},
            }
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            paths.setdefault(path, {})[method.lower()] = spec_op
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()

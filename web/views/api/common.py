"""Small helpers the API views share: reading bodies and query strings, writing pages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask import abort, jsonify, request
from marshmallow import Schema
from werkzeug.wrappers import Response

from web.schemas import load_or_refuse
from web.schemas.api.common import ListQuery, Versioned
from web.services.errors import InvalidInput
from web.services.scoping import Page, paginate, scoped_list
from web.views.api.blueprint import api_user, error_response


def json_body() -> dict[str, Any]:
    """The request body as a JSON object; anything else is answered with 400."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        response, status = error_response(400, {"_body": ["must be a JSON object"]})
        response.status_code = status
        abort(response)
    problems = dict(_unstorable_text(body))
    if problems:
        raise InvalidInput(problems)
    return body


def _unstorable_text(value: Any, path: str = "") -> Iterator[tuple[str, list[str]]]:
    """Strings no database column can hold: NUL characters and lone surrogates."""
    if isinstance(value, str):
        if "\x00" in value:
            yield path or "_body", ["must not contain NUL characters"]
        elif not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                yield path or "_body", ["is not valid Unicode text"]
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _unstorable_text(key, path or "_body")
            yield from _unstorable_text(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _unstorable_text(item, f"{path}.{index}" if path else str(index))


def split_version(body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """Take the `version` out of a PATCH body; the rest are the changes."""
    changes = dict(body)
    version = load_or_refuse(Versioned(), {"version": changes.pop("version", None)})["version"]
    return version, changes


def list_arguments(schema: type[ListQuery]) -> dict[str, Any]:
    """The list filters of the query string; unknown or repeated parameters are refused."""
    repeated = [key for key in request.args if len(request.args.getlist(key)) > 1]
    if repeated:
        raise InvalidInput({key: ["give this parameter once"] for key in repeated})
    args = request.args.to_dict()
    problems = dict(_unstorable_text(args))
    if problems:
        raise InvalidInput(problems)
    return load_or_refuse(schema(), args)


def page_response(page: Page, item_schema: Schema) -> Response:
    """A page of items as JSON."""
    return jsonify(
        items=item_schema.dump(page.items, many=True),
        page=page.page,
        per_page=page.per_page,
        total=page.total,
    )


def scoped_page(
    model: Any,
    query_schema: type[ListQuery],
    item_schema: Schema,
    date_column: Any,
    *,
    equal: tuple[str, ...] = (),
    load: tuple[Any, ...] = (),
) -> Response:
    """One page of the caller's organisation's records, filtered by the query string.

    `status`, `since` and `until` filter as ListQuery says; each name in `equal`
    is a further query parameter that must match its column exactly.
    """
    args = list_arguments(query_schema)
    query = scoped_list(
        model,
        api_user().organisation_id,
        date_column=date_column,
        since=args["since"],
        until=args["until"],
        status=args.get("status"),
    )
    for name in equal:
        if args[name] is not None:
            query = query.where(getattr(model, name) == args[name])
    page = paginate(query, args["page"], args["per_page"], load=load)
    return page_response(page, item_schema)

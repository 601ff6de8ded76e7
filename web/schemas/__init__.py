"""marshmallow schemas for input from forms, the API and the command line."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import Schema, ValidationError

from web.services.errors import InvalidInput


def flatten_errors(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested error dict as {"field.path": [messages]} (list items by index)."""
    if isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        return {prefix or "_schema": list(messages)}
    flat: dict[str, list[str]] = {}
    items = messages.items() if isinstance(messages, Mapping) else enumerate(messages)
    for key, value in items:
        path = str(key) if not prefix else (f"{prefix}.{key}")
        if key == "_schema" and prefix:
            path = prefix
        for field, texts in flatten_errors(value, path).items():
            flat.setdefault(field, []).extend(texts)
    return flat


def load_or_refuse(schema: Schema, data: Mapping[str, Any]) -> dict[str, Any]:
    """Validate input with a schema; raise InvalidInput naming every bad field."""
    try:
        return dict(schema.load(data))
    except ValidationError as error:
        raise InvalidInput(flatten_errors(error.messages)) from None

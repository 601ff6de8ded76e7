"""The API's OpenAPI document and a readable page of it (served locally, no scripts)."""

from __future__ import annotations

from typing import Any

from flask import current_app, jsonify, render_template
from werkzeug.wrappers import Response

from web.views.api.blueprint import bp
from web.views.api.spec import build_document


def _document() -> dict[str, Any]:
    # The routes never change while the app runs, so one build per app is enough.
    cached: dict[str, Any] | None = current_app.extensions.get("buurtmatch_openapi")
    if cached is None:
        cached = build_document(current_app)
        current_app.extensions["buurtmatch_openapi"] = cached
    return cached


@bp.get("/openapi.json")
def openapi_document() -> Response:
    """The OpenAPI 3 document of this API."""
    return jsonify(_document())


@bp.get("/docs")
def openapi_page() -> str:
    """The OpenAPI document as a plain HTML page."""
    document = _document()
    return render_template(
        "api/docs.html",
        document=document,
        schemas=document["components"]["schemas"],
    )

"""Error pages and JSON errors."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response


def _handle_http_error(error: HTTPException) -> tuple[Response | str, int]:
    code = error.code or 500
    if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
        return jsonify({"errors": {"_request": [error.description or error.name]}}), code
    return render_template("error.html", error=error), code


def init_app(app: Flask) -> None:
    """Render HTTP errors as pages, or as JSON under /api."""
    app.register_error_handler(HTTPException, _handle_http_error)

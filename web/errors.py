"""Error pages and JSON errors.

A race that only the database noticed (a version moved on between read and
write, or a unique row another request wrote first) is a 409 with a clear
message, never a 500; the transaction is rolled back, so nothing of the
refused change is kept. The JSON API words its own 409s (web.views.api).
"""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import Conflict, HTTPException
from werkzeug.wrappers import Response

from web.db import db

log = logging.getLogger(__name__)


def _handle_http_error(error: HTTPException) -> tuple[Response | str, int]:
    code = error.code or 500
    if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
        return jsonify({"errors": {"_request": [error.description or error.name]}}), code
    return render_template("error.html", error=error), code


def _handle_race(error: IntegrityError | StaleDataError) -> tuple[Response | str, int]:
    db.session.rollback()
    log.warning("%s %s lost a race at commit: %s", request.method, request.path, error)
    message = _(
        "Someone else changed this at the same moment. Nothing was saved: "
        "go back, reload the page and try again."
    )
    return _handle_http_error(Conflict(description=message))


def init_app(app: Flask) -> None:
    """Render HTTP errors as pages, or as JSON under /api; races at commit become 409."""
    app.register_error_handler(HTTPException, _handle_http_error)
    app.register_error_handler(IntegrityError, _handle_race)
    app.register_error_handler(StaleDataError, _handle_race)

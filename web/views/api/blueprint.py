"""The API blueprint: bearer-token authentication, body limits and JSON errors."""

from __future__ import annotations

from flask import Blueprint, current_app, g, jsonify, request
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from web.auth import csrf
from web.db import db
from web.models import User
from web.services.errors import InvalidInput, NotFound, StaleVersion
from web.services.tokens import user_for_token

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Token authentication cannot be forged by a third-party page, so CSRF tokens are not needed.
csrf.exempt(bp)

# Pages a logged-in coordinator may open in the browser without a token.
SESSION_ENDPOINTS = frozenset({"api.openapi_document", "api.openapi_page"})
DEFAULT_MAX_BODY_BYTES = 64 * 1024


def error_response(status: int, errors: dict[str, list[str]]) -> tuple[Response, int]:
    """The API's error body with a status code."""
    return jsonify({"errors": errors}), status


def api_user() -> User:
    """The user the request's token belongs to."""
    user: User = g.api_user
    return user


@bp.before_request
def _authenticate() -> tuple[Response, int] | None:
    limit = current_app.config.get("API_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES)
    request.max_content_length = limit
    if (request.content_length or 0) > limit:
        return error_response(413, {"_body": [f"must be at most {limit} bytes"]})
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    user = user_for_token(secret.strip()) if scheme.lower() == "bearer" else None
    if user is None and request.endpoint in SESSION_ENDPOINTS and current_user.is_authenticated:
        user = current_user
    if user is None:
        response, status = error_response(401, {"_request": ["a valid bearer token is required"]})
        response.headers["WWW-Authenticate"] = 'Bearer realm="buurtmatch"'
        return response, status
    g.api_user = user
    return None


@bp.after_request
def _no_store(response: Response) -> Response:
    # Personal data must not linger in shared caches or the browser's history.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(InvalidInput)
def _invalid(error: InvalidInput) -> tuple[Response, int]:
    db.session.rollback()
    return error_response(422, error.errors)


@bp.errorhandler(NotFound)
def _not_found(error: NotFound) -> tuple[Response, int]:
    db.session.rollback()
    return error_response(404, {"_request": [str(error)]})


@bp.errorhandler(StaleVersion)
def _stale(error: StaleVersion) -> tuple[Response, int]:
    db.session.rollback()
    return error_response(409, {"version": [str(error)]})


@bp.errorhandler(IntegrityError)
def _conflict(_error: IntegrityError) -> tuple[Response, int]:
    # Two requests raced past the checks; the database kept its rules, nothing was stored.
    db.session.rollback()
    return error_response(409, {"_request": ["conflicts with another record; try again"]})


@bp.errorhandler(StaleDataError)
def _stale_at_commit(_error: StaleDataError) -> tuple[Response, int]:
    db.session.rollback()
    return error_response(409, {"version": ["the record changed meanwhile; read it again"]})

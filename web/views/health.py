"""GET /healthz: is the database reachable and is the clock alive."""

from __future__ import annotations

from flask import Blueprint, jsonify
from sqlalchemy import select, text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from web.db import db
from web.models import ClockHeartbeat

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    """Report the database and the clock; 503 when the database does not answer."""
    try:
        db.session.execute(text("SELECT 1"))
        beat = db.session.scalars(
            select(ClockHeartbeat).order_by(ClockHeartbeat.last_heartbeat.desc()).limit(1)
        ).first()
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="error", db="error", clock=None), 503
    clock = {
        "last_heartbeat": beat.last_heartbeat.isoformat() if beat else None,
        "holder": beat.holder if beat else None,
    }
    return jsonify(status="ok", db="ok", clock=clock), 200

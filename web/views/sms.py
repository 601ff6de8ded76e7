"""Twilio webhooks: POST /sms/inbound (replies) and POST /sms/status (receipts).

With SMS_BACKEND=twilio, in production (whatever the backend) or whenever
TWILIO_AUTH_TOKEN is set, a request must carry a valid X-Twilio-Signature for
PUBLIC_BASE_URL + path (the URL Twilio called, not the one a proxy passed on).
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from flask import Blueprint, abort, current_app, request
from werkzeug.wrappers import Response

from notifications.webhook_signature import validate_signature
from web.auth import csrf
from web.db import utcnow
from web.rate_limits import limiter
from web.services.delivery_status import apply_status
from web.services.replies import handle_inbound
from web.sms import sms_setup

bp = Blueprint("sms", __name__, url_prefix="/sms")
# Twilio cannot send a CSRF token; the signature protects these routes instead.
csrf.exempt(bp)
# Every webhook comes from Twilio's few addresses: a per-address limit would drop replies.
limiter.exempt(bp)


@bp.before_request
def require_twilio_signature() -> None:
    """Refuse (403) any webhook that Twilio did not sign (web.sms.webhooks_need_signature)."""
    setup = sms_setup()
    if not setup.signed_webhooks:
        return
    signature = request.headers.get("X-Twilio-Signature", "")
    fields = request.form.items(multi=True)
    if not validate_signature(setup.auth_token or "", _signed_url(), fields, signature):
        abort(403)


@bp.post("/inbound")
def inbound() -> Response:
    """An SMS to our number: act on it and answer with TwiML."""
    sender, sid = request.form.get("From", ""), request.form.get("MessageSid", "")
    if not sender or not sid:
        abort(400)
    result = handle_inbound(
        sender, request.form.get("To", ""), request.form.get("Body", ""), sid, utcnow()
    )
    return _twiml(result.reply)


@bp.post("/status")
def status() -> Response:
    """A delivery receipt: move the message's status forward, answer at once."""
    sid, state = request.form.get("MessageSid", ""), request.form.get("MessageStatus", "")
    if not sid or not state:
        abort(400)
    code = request.form.get("ErrorCode", "")
    apply_status(sid, state, int(code) if code.isdigit() else None, utcnow())
    return Response(status=204)


def _signed_url() -> str:
    base: str | None = current_app.config.get("PUBLIC_BASE_URL")
    if not base:
        return request.url
    query = request.query_string.decode()
    return base.rstrip("/") + request.path + (f"?{query}" if query else "")


def _twiml(reply: str | None) -> Response:
    message = f"<Message>{escape(reply)}</Message>" if reply else ""
    body = f'<?xml version="1.0" encoding="UTF-8"?><Response>{message}</Response>'
    return Response(body, mimetype="application/xml")

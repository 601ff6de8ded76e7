"""Building Twilio webhook requests for tests: form fields and a valid signature."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from twilio.request_validator import RequestValidator

from tests.fakes.twilio_server import ACCOUNT_SID, FROM_NUMBER


def twilio_signature(auth_token: str, url: str, params: Mapping[str, str]) -> str:
    """The X-Twilio-Signature Twilio would send for a POST of ``params`` to ``url``.

    ``url`` must be exactly what the app validates against (PUBLIC_BASE_URL + path,
    with the query string as sent).
    """
    return str(RequestValidator(auth_token).compute_signature(url, dict(params)))


def signed_headers(auth_token: str, url: str, params: Mapping[str, str]) -> dict[str, str]:
    """Headers for a test client POST that passes signature validation."""
    return {"X-Twilio-Signature": twilio_signature(auth_token, url, params)}


def inbound_sms_form(from_: str, body: str, *, to: str = FROM_NUMBER) -> dict[str, str]:
    """The form Twilio posts to /sms/inbound for one received SMS."""
    sid = "SM" + uuid.uuid4().hex
    return {
        "MessageSid": sid,
        "SmsMessageSid": sid,
        "SmsSid": sid,
        "AccountSid": ACCOUNT_SID,
        "From": from_,
        "To": to,
        "Body": body,
        "NumMedia": "0",
        "NumSegments": "1",
        "SmsStatus": "received",
        "ApiVersion": "2010-04-01",
    }


def status_callback_form(
    message_sid: str, status: str, *, error_code: int | None = None, to: str = "+32470000000"
) -> dict[str, str]:
    """The form Twilio posts to a StatusCallback URL when a message changes status."""
    form = {
        "MessageSid": message_sid,
        "SmsSid": message_sid,
        "MessageStatus": status,
        "SmsStatus": status,
        "AccountSid": ACCOUNT_SID,
        "To": to,
        "From": FROM_NUMBER,
        "ApiVersion": "2010-04-01",
    }
    if error_code is not None:
        form["ErrorCode"] = str(error_code)
    return form

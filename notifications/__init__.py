"""The SMS edge of buurtmatch: sending, message texts and reading replies.

Pure: imports only the standard library and, in ``twilio_sms`` alone,
twilio (and its HTTP stack). Nothing from Flask, SQLAlchemy or other
buurtmatch packages; configuration arrives as constructor arguments.
Texts live in ``notifications.messages``. ``TwilioSmsSender`` is not
re-exported, so importing this package never loads twilio: use
``from notifications.twilio_sms import TwilioSmsSender``.
"""

from notifications.error_codes import PhoneProblem, phone_problem
from notifications.fake import FakeSmsSender, RecordedSms
from notifications.outbox import OutboxSmsSender, is_outbox_sid
from notifications.plain_text import plain_sms_text
from notifications.replies import (
    Accept,
    Decline,
    FreeText,
    Help,
    Ok,
    OptIn,
    OptOut,
    Reply,
    parse_reply,
)
from notifications.segments import SegmentCount, count_segments, is_gsm7, non_gsm7_characters
from notifications.sender import DeliveryError, SentSms, SmsSender
from notifications.short_codes import is_short_code, new_short_code

__all__ = [
    "Accept",
    "Decline",
    "DeliveryError",
    "FreeText",
    "Help",
    "Ok",
    "OptIn",
    "OptOut",
    "Reply",
    "FakeSmsSender",
    "OutboxSmsSender",
    "PhoneProblem",
    "RecordedSms",
    "SegmentCount",
    "SentSms",
    "SmsSender",
    "count_segments",
    "is_gsm7",
    "is_outbox_sid",
    "is_short_code",
    "new_short_code",
    "non_gsm7_characters",
    "parse_reply",
    "phone_problem",
    "plain_sms_text",
]

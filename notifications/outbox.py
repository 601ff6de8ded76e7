"""The embedded default backend: messages stay in the database, nothing leaves."""

from __future__ import annotations

import uuid

from notifications.sender import SentSms

OUTBOX_SID_PREFIX = "OUTBOX-"


class OutboxSmsSender:
    """Accepts every message and sends it nowhere (``SMS_BACKEND=outbox``).

    The caller already stored the message row; the web app shows it there,
    so a demo works without any account.
    """

    def send(self, to: str, body: str, *, status_callback: str | None = None) -> SentSms:
        """Return a synthetic receipt ``OUTBOX-<uuid>`` with status ``stored``."""
        return SentSms(sid=f"{OUTBOX_SID_PREFIX}{uuid.uuid4().hex}", status="stored")


def is_outbox_sid(sid: str) -> bool:
    """True for receipts made by OutboxSmsSender rather than a real provider."""
    return sid.startswith(OUTBOX_SID_PREFIX)

"""An in-memory sender for tests: records what was sent, fails on request."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from notifications.sender import DeliveryError, SentSms


@dataclass(frozen=True)
class RecordedSms:
    """One message as the fake received it."""

    to: str
    body: str
    status_callback: str | None
    sid: str


@dataclass
class FakeSmsSender:
    """Records every send in ``sent``; raises scripted DeliveryErrors.

    ``fail_next(error)`` queues errors raised by the next sends in order;
    ``fail_for[number]`` fails every send to that number.
    """

    sent: list[RecordedSms] = field(default_factory=list)
    fail_for: dict[str, DeliveryError] = field(default_factory=dict)
    attempts: int = 0
    _next_errors: deque[DeliveryError] = field(default_factory=deque, repr=False)

    def fail_next(self, *errors: DeliveryError) -> None:
        """Make the next ``len(errors)`` sends raise these errors, in order."""
        self._next_errors.extend(errors)

    def send(self, to: str, body: str, *, status_callback: str | None = None) -> SentSms:
        """Record the message, or raise the scripted error for this attempt."""
        self.attempts += 1
        if self._next_errors:
            raise self._next_errors.popleft()
        if to in self.fail_for:
            raise self.fail_for[to]
        sid = f"SMFAKE{len(self.sent) + 1:026d}"
        self.sent.append(RecordedSms(to, body, status_callback, sid))
        return SentSms(sid=sid, status="queued")

    def bodies_to(self, to: str) -> list[str]:
        """Every body sent to ``to``, oldest first."""
        return [sms.body for sms in self.sent if sms.to == to]

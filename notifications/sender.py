"""The sending contract: what every SMS backend promises and how it fails."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class SentSms:
    """The provider's receipt for one accepted message."""

    sid: str
    status: str
    segments: int | None = None


class DeliveryError(Exception):
    """A message could not be handed to the provider.

    ``permanent``: retrying will never help (invalid or unsubscribed number).
    ``ambiguous``: the request may have reached the provider, so a blind
    re-send could deliver the message twice; reconcile first.
    ``code``: the provider's error code, when it gave one.
    """

    def __init__(
        self,
        message: str,
        *,
        permanent: bool = False,
        code: int | None = None,
        ambiguous: bool = False,
    ) -> None:
        if permanent and ambiguous:
            raise ValueError("a DeliveryError cannot be both permanent and ambiguous")
        super().__init__(message)
        self.message = message
        self.permanent = permanent
        self.code = code
        self.ambiguous = ambiguous

    @property
    def retryable(self) -> bool:
        """True when an automatic re-send later is safe."""
        return not self.permanent and not self.ambiguous

    def __repr__(self) -> str:
        return (
            f"DeliveryError({self.message!r}, permanent={self.permanent}, "
            f"code={self.code}, ambiguous={self.ambiguous})"
        )


class SmsSender(Protocol):
    """Anything that can hand one SMS to a delivery network."""

    def send(self, to: str, body: str, *, status_callback: str | None = None) -> SentSms:
        """Send ``body`` to the E.164 number ``to``; raise DeliveryError on failure.

        Makes exactly one attempt: retrying is the outbox's job.
        """
        ...

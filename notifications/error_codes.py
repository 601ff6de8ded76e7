"""What a provider error code says about the phone number, for the caller to act on."""

from __future__ import annotations

from typing import Literal

# Twilio error codes; the same numbers arrive in status callbacks (ErrorCode).
UNSUBSCRIBED = 21610
INVALID_NUMBER_CODES = frozenset(
    {
        21211,  # invalid 'To' number
        21614,  # 'To' is not a mobile number
        21635,  # 'To' is a landline
        30005,  # unknown destination handset (number no longer exists)
        30006,  # landline or unreachable carrier
    }
)
# Unreachable handset (switched off, no signal): worth another try later.
TRANSIENT_CODES = frozenset({30003, 20429})

PhoneProblem = Literal["opted_out", "invalid_number"]


def phone_problem(code: int | None) -> PhoneProblem | None:
    """The standing problem with the number behind ``code``, if there is one."""
    if code == UNSUBSCRIBED:
        return "opted_out"
    if code in INVALID_NUMBER_CODES:
        return "invalid_number"
    return None

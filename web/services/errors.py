"""The errors services raise."""

from __future__ import annotations


class InvalidInput(ValueError):
    """Input was refused; `errors` maps each field path to its messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        super().__init__(
            "; ".join(f"{field}: {', '.join(messages)}" for field, messages in errors.items())
        )


class NotFound(LookupError):
    """No such record in the caller's organisation (or it was erased)."""


class StaleVersion(RuntimeError):
    """The record changed since the caller read it; `current` is its version now."""

    def __init__(self, current: int) -> None:
        self.current = current
        super().__init__(f"the record changed meanwhile; its version is now {current}")

"""The errors services raise."""

from __future__ import annotations


class InvalidInput(ValueError):
    """Input was refused; `errors` maps each field path to its messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        super().__init__(
            "; ".join(f"{field}: {', '.join(messages)}" for field, messages in errors.items())
        )

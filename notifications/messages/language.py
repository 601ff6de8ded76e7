"""Which language a text is written in."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, get_args

Language = Literal["nl", "fr", "en"]
LANGUAGES: tuple[Language, ...] = get_args(Language)
DEFAULT_LANGUAGE: Language = "nl"


def pick_language(preferred: str | Iterable[str] | None) -> Language:
    """The first supported language in ``preferred`` ("fr", "fr-BE", ["ar", "fr"]), else nl."""
    codes = [preferred] if isinstance(preferred, str) else list(preferred or ())
    for code in codes:
        base = code.strip().lower().replace("_", "-").split("-")[0]
        for language in LANGUAGES:
            if base == language:
                return language
    return DEFAULT_LANGUAGE

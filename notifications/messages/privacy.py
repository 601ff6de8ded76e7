"""What of a person or place may appear in an SMS: a first name and a street name."""

from __future__ import annotations

import re

MAX_NAME = 20
MAX_STREET = 40
MAX_SKILL = 30

# A trailing house number: "12", "12A", "12-14", "12/3", "12 bus 3", "12 bte 4".
_TRAILING_NUMBER = re.compile(
    r"[\s,]+\d+[a-zA-Z]?(?:\s*[-/]\s*\d+[a-zA-Z]?)?(?:\s*(?:bus|bte|boite|boîte|b)\.?\s*\w+)?\s*$"
)
# A leading one, French style: "16, rue de la Loi".
_LEADING_NUMBER = re.compile(r"^\s*\d+[a-zA-Z]?\s*,?\s+(?=\D)")


def first_name(name: str) -> str:
    """The first word of ``name``, so a surname never slips into a text."""
    words = name.split()
    return _clip(words[0], MAX_NAME) if words else ""


def street_name(street: str) -> str:
    """``street`` without a house number or box."""
    bare = _LEADING_NUMBER.sub("", _TRAILING_NUMBER.sub("", street.strip()))
    return _clip(" ".join(bare.split()), MAX_STREET)


def short_phrase(text: str) -> str:
    """A single-line phrase of at most MAX_SKILL characters."""
    return _clip(" ".join(text.split()), MAX_SKILL)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rstrip(" -,.")

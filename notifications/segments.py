"""How many SMS segments a text costs: GSM-7 when possible, UCS-2 otherwise."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# GSM 03.38 basic character set (one septet each).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# Extension table: reached through an escape septet, so each costs two.
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")

GSM7_SINGLE, GSM7_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67

Encoding = Literal["GSM-7", "UCS-2"]


@dataclass(frozen=True)
class SegmentCount:
    """The cost of one message body."""

    encoding: Encoding
    units: int
    segments: int


def is_gsm7(text: str) -> bool:
    """True when every character of ``text`` exists in GSM-7 (basic or extension)."""
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text)


def non_gsm7_characters(text: str) -> str:
    """The distinct characters that force ``text`` into UCS-2, in order of appearance."""
    return "".join(dict.fromkeys(ch for ch in text if not is_gsm7(ch)))


def count_segments(text: str) -> SegmentCount:
    """Count the segments ``text`` is billed as."""
    if is_gsm7(text):
        sizes = [2 if ch in GSM7_EXTENSION else 1 for ch in text]
        return _pack("GSM-7", sizes, GSM7_SINGLE, GSM7_PART)
    # UCS-2 counts UTF-16 code units: an emoji is a surrogate pair.
    sizes = [2 if ord(ch) > 0xFFFF else 1 for ch in text]
    return _pack("UCS-2", sizes, UCS2_SINGLE, UCS2_PART)


def _pack(encoding: Encoding, sizes: list[int], single: int, part: int) -> SegmentCount:
    units = sum(sizes)
    if units <= single:
        return SegmentCount(encoding, units, 1 if units else 0)
    # Escape pairs and surrogate pairs never straddle two parts, so pack greedily.
    segments, used = 1, 0
    for size in sizes:
        if used + size > part:
            segments, used = segments + 1, 0
        used += size
    return SegmentCount(encoding, units, segments)

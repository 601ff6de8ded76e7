"""Typographic look-alikes replaced by plain characters before sending."""

from __future__ import annotations

import unicodedata

from notifications.segments import is_gsm7

# Each of these forces the whole message into UCS-2 and so doubles its cost,
# while a plain equivalent reads the same on a phone.
_LOOKALIKES = {
    "\xa0": " ",  # no-break space
    "\u2007": " ",  # figure space
    "\u202f": " ",  # narrow no-break space
    "\u2009": " ",  # thin space
    "\u200b": "",  # zero-width space
    "\ufeff": "",  # byte order mark
    "\u00ad": "",  # soft hyphen
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2026": "...",
    "\t": " ",
}
_TABLE = str.maketrans(_LOOKALIKES)


def plain_sms_text(text: str) -> str:
    """Replace look-alike punctuation and spaces, collapse runs of spaces, trim."""
    lines = text.translate(_TABLE).replace("\r\n", "\n").split("\n")
    return "\n".join(" ".join(line.split()) for line in lines).strip()


# Letters outside GSM-7 that have no accented twin inside it.
_SPELLED_OUT = {"œ": "oe", "Œ": "OE", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i"}


def gsm7_spelling(text: str) -> str:
    """Swap letters outside GSM-7 for their closest GSM-7 spelling (ë→e, ç→c, œ→oe).

    Letters GSM-7 already has (é, è, à, ä, ö, ü, ñ, Ç, É) are kept.
    Characters without a close spelling (Arabic, emoji) are kept too.
    """
    return "".join(_gsm7_letter(ch) for ch in text)


def _gsm7_letter(ch: str) -> str:
    if is_gsm7(ch):
        return ch
    if ch in _SPELLED_OUT:
        return _SPELLED_OUT[ch]
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    return base if base and is_gsm7(base) else ch

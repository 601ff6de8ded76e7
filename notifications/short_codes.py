"""Short offer codes a volunteer can type back: a letter and a digit, like K7."""

from __future__ import annotations

import random
import re
from collections.abc import Collection

# Left out because they are misread or mistyped as a digit: B/8, I/1, O/0, Q/0,
# S/5, Z/2; the digits 0 and 1 go for the same reason. What remains is GSM-7.
CODE_LETTERS = "ACDEFGHJKLMNPRTUVWXY"
CODE_DIGITS = "23456789"

_CODE = re.compile(rf"[{CODE_LETTERS}][{CODE_DIGITS}]{{1,2}}")


def new_short_code(taken: Collection[str] = (), *, rng: random.Random | None = None) -> str:
    """A code not in ``taken``: letter + digit, or letter + two digits once those run out."""
    rng = rng or random.Random()
    used = {code.upper() for code in taken}
    for digits in (1, 2):
        free = [code for code in _all_codes(digits) if code not in used]
        if free:
            return rng.choice(free)
    raise ValueError("every short code is taken")


def is_short_code(text: str) -> bool:
    """True when ``text`` (any case) is a code new_short_code could have made."""
    return _CODE.fullmatch(text.upper()) is not None


def _all_codes(digits: int) -> list[str]:
    if digits == 1:
        return [letter + digit for letter in CODE_LETTERS for digit in CODE_DIGITS]
    return [code + digit for code in _all_codes(1) for digit in CODE_DIGITS]

"""Short offer codes."""

from __future__ import annotations

import random

from notifications.short_codes import CODE_DIGITS, CODE_LETTERS, is_short_code, new_short_code


def test_code_is_a_letter_and_a_digit_without_lookalikes() -> None:
    code = new_short_code(rng=random.Random(1))

    assert len(code) == 2 and code[0] in CODE_LETTERS and code[1] in CODE_DIGITS
    assert not set("BIOQSZ01") & set(CODE_LETTERS + CODE_DIGITS)


def test_codes_avoid_the_taken_ones() -> None:
    taken = {new_short_code(rng=random.Random(seed)) for seed in range(50)}
    rng = random.Random(7)

    assert all(new_short_code(taken, rng=rng) not in taken for _ in range(100))


def test_when_two_characters_run_out_a_second_digit_is_added() -> None:
    every_short = {letter + digit for letter in CODE_LETTERS for digit in CODE_DIGITS}

    code = new_short_code(every_short, rng=random.Random(3))

    assert len(code) == 3 and is_short_code(code)


def test_taken_codes_compare_case_insensitively() -> None:
    every_short = {letter.lower() + digit for letter in CODE_LETTERS for digit in CODE_DIGITS}

    assert len(new_short_code(every_short)) == 3


def test_is_short_code() -> None:
    assert is_short_code("K7") and is_short_code("k7") and is_short_code("K77")
    assert not is_short_code("O0") and not is_short_code("K") and not is_short_code("JA")

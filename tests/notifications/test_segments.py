"""GSM-7 detection and segment counting."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notifications import count_segments, is_gsm7, non_gsm7_characters


@pytest.mark.parametrize("text", ["é è ù ì ò Ç à ä ö ñ ü É Ä Ö Ñ Ü ß", "coördinator", "€[]{}"])
def test_gsm7_letters(text: str) -> None:
    assert is_gsm7(text)


@pytest.mark.parametrize("ch", ["ê", "ë", "ç", "ï", "ô", "œ", "’", "\xa0", "À", "ب", "🙂"])
def test_characters_that_force_ucs2(ch: str) -> None:
    assert not is_gsm7(f"Dag {ch}")
    assert non_gsm7_characters(f"Dag {ch}{ch}") == ch


@pytest.mark.parametrize(
    ("text", "encoding", "units", "segments"),
    [
        ("", "GSM-7", 0, 0),
        ("a" * 160, "GSM-7", 160, 1),
        ("a" * 161, "GSM-7", 161, 2),
        ("a" * 306, "GSM-7", 306, 2),
        ("a" * 307, "GSM-7", 307, 3),
        ("€" * 80, "GSM-7", 160, 1),
        ("€" * 81, "GSM-7", 162, 2),
        ("ë" * 70, "UCS-2", 70, 1),
        ("ë" * 71, "UCS-2", 71, 2),
        ("ë" * 134, "UCS-2", 134, 2),
        ("ë" * 135, "UCS-2", 135, 3),
        ("🙂" * 35, "UCS-2", 70, 1),
    ],
)
def test_segment_boundaries(text: str, encoding: str, units: int, segments: int) -> None:
    count = count_segments(text)

    assert (count.encoding, count.units, count.segments) == (encoding, units, segments)


def test_an_escape_pair_is_not_split_across_parts() -> None:
    # 152 plain septets then "€" (2): the euro moves whole to part two.
    assert count_segments("a" * 152 + "€" + "a" * 152).segments == 3


@given(st.text())
def test_counting_never_fails_and_is_consistent(text: str) -> None:
    count = count_segments(text)

    assert count.units >= len(text) if count.encoding == "UCS-2" else count.units >= 0
    assert (count.segments == 0) == (text == "")

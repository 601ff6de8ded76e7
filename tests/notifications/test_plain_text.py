"""Cleaning look-alike characters out of message bodies."""

from __future__ import annotations

import pytest

from notifications import is_gsm7, plain_sms_text
from notifications.plain_text import gsm7_spelling


def test_lookalikes_become_plain_and_gsm7() -> None:
    text = plain_sms_text("Maria\xa0komt\u202fom 14:00 \u2013 \u201cok\u201d\u2026 \u2018ja\u2019 ")

    assert text == "Maria komt om 14:00 - \"ok\"... 'ja'"
    assert is_gsm7(text)


def test_line_breaks_stay_and_spaces_collapse() -> None:
    assert plain_sms_text("  Dag  Jan,\r\n\tTot  straks ") == "Dag Jan,\nTot straks"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Françoise", "Francoise"),
        ("Noël Zoë Anaïs", "Noel Zoe Anais"),
        ("Cœur Jérôme", "Coeur Jérome"),
        ("Chaussée de Gand", "Chaussée de Gand"),
        ("Çà et là", "Çà et là"),
    ],
)
def test_gsm7_spelling_keeps_what_gsm7_has(before: str, after: str) -> None:
    assert gsm7_spelling(before) == after


def test_gsm7_spelling_keeps_what_it_cannot_spell() -> None:
    assert gsm7_spelling("محمد 🙂") == "محمد 🙂"

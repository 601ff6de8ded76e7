"""Parsing volunteers' SMS replies."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notifications.replies import (
    Accept,
    Decline,
    FreeText,
    Help,
    Ok,
    OptIn,
    OptOut,
    Reply,
    parse_reply,
)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("JA", Accept()),
        ("ja", Accept()),
        ("Ja!", Accept()),
        ("  ja  ", Accept()),
        ("Ja k7.", Accept("K7")),
        ("JA K7", Accept("K7")),
        ("ja,k7", Accept("K7")),
        ("jak7", Accept("K7")),
        ("ja k 7", Accept("K7")),
        ("K7 ja", Accept("K7")),
        ("Ja graag!", Accept()),
        ("Ja hoor, K7", Accept("K7")),
        ("Neen", Decline()),
        ("NEE K7", Decline("K7")),
        ("nee, sorry", Decline()),
        ("Oui", Accept()),
        ("oui merci", Accept()),
        ("OUI K77", Accept("K77")),
        ("Non désolé", Decline()),
        ("NON k3", Decline("K3")),
        ("yes", Accept()),
        ("Yes please", Accept()),
        ("no", Decline()),
        ("NO K7", Decline("K7")),
        ("Ｊａ", Accept()),
        ("STOP", OptOut()),
        ("stop", OptOut()),
        ("Stoppen", OptOut()),
        ("ARRET", OptOut()),
        ("Arrêt", OptOut()),
        ("arrêt.", OptOut()),
        ("unsubscribe", OptOut()),
        ("START", OptIn()),
        ("start", OptIn()),
        ("HULP", Help()),
        ("aide", Help()),
        ("Help?", Help()),
        ("OK", Ok()),
        ("oké", Ok()),
        ("Oke!", Ok()),
        ("alles goed", Ok()),
        ("Tout va bien", Ok()),
        ("ok merci", Ok()),
    ],
)
def test_recognised_replies(body: str, expected: Reply) -> None:
    assert parse_reply(body) == expected


@pytest.mark.parametrize(
    "body",
    [
        "",
        "Ja maar pas om 15u",
        "no problem",
        "ja nee",
        "ja k7 k8",
        "Stop met die sms'en aub",
        "niet goed, ze was verward",
        "De deur ging niet open",
        "STOP PLEASE",
        "K7",
        "🙂",
        "نعم",
    ],
)
def test_everything_else_is_free_text(body: str) -> None:
    assert parse_reply(body) == FreeText(body.strip())


def test_free_text_keeps_the_original_words() -> None:
    assert parse_reply("  Mevrouw leek Verward.\n") == FreeText("Mevrouw leek Verward.")


@given(st.text())
def test_never_raises_on_any_text(body: str) -> None:
    reply = parse_reply(body)

    assert isinstance(reply, Accept | Decline | OptOut | OptIn | Help | Ok | FreeText)


@given(st.sampled_from(["ja", "JA", "Ja", "jA"]), st.sampled_from(["", "!", ".", " ", "!!"]))
def test_accept_survives_case_and_punctuation(word: str, tail: str) -> None:
    assert parse_reply(word + tail) == Accept()

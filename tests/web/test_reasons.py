"""The engine's reasons read in the coordinator's language; unknown ones pass unchanged."""

from __future__ import annotations

import pytest
from flask import Flask

from web.reasons import translate_reason


@pytest.mark.parametrize(
    ("reason", "dutch"),
    [
        ("no volunteer has skill 'transport'", "geen vrijwilliger doet vervoer"),
        (
            "3 volunteers with skill 'shopping', none available Tue 24 Nov 14:00–16:00",
            "3 vrijwilligers doen boodschappen, niemand is vrij di 24 nov 14:00–16:00",
        ),
        (
            "7 volunteers with skill 'transport': 6 without a wheelchair vehicle, 1 too far away",
            "7 vrijwilligers doen vervoer: 6 zonder rolstoelauto, 1 te ver weg",
        ),
        (
            "2 candidates, all busy Sat 28 Nov 09:00–12:00",
            "2 kandidaten, allemaal bezet za 28 nov 09:00–12:00",
        ),
        ("something new the engine says", "something new the engine says"),
    ],
)
def test_reasons_in_dutch(app: Flask, reason: str, dutch: str) -> None:
    with app.test_request_context(headers={"Accept-Language": "nl"}):
        assert translate_reason(reason) == dutch


def test_reasons_in_french(app: Flask) -> None:
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        text = translate_reason(
            "3 volunteers with skill 'shopping', none available Tue 24 Nov 14:00–16:00"
        )
    assert text == "3 bénévoles (courses), aucun n'est libre mar. 24 nov. 14:00–16:00"


def test_one_is_singular(app: Flask) -> None:
    with app.test_request_context(headers={"Accept-Language": "nl"}):
        one = translate_reason("1 candidates: 1 at capacity_minutes")
        two = translate_reason("2 candidates: 2 at capacity_minutes")
    assert (one, two) == ("1 kandidaat: 1 zonder uren over", "2 kandidaten: 2 zonder uren over")

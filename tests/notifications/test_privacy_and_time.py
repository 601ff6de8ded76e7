"""First names, street names, languages and local times."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from notifications.messages import first_name, format_when, pick_language, street_name


@pytest.mark.parametrize(
    ("street", "expected"),
    [
        ("Kerkstraat 12", "Kerkstraat"),
        ("Kerkstraat 12A", "Kerkstraat"),
        ("Kerkstraat 12-14", "Kerkstraat"),
        ("Kerkstraat 12/3", "Kerkstraat"),
        ("Kerkstraat 12 bus 3", "Kerkstraat"),
        ("Rue de la Loi 16 bte 4", "Rue de la Loi"),
        ("16, rue de la Loi", "rue de la Loi"),
        ("Rue du 11 Novembre 5", "Rue du 11 Novembre"),
        ("Koning Albert II-laan 35", "Koning Albert II-laan"),
        ("  Sint-Bernardsesteenweg  ", "Sint-Bernardsesteenweg"),
    ],
)
def test_street_name_drops_house_numbers(street: str, expected: str) -> None:
    assert street_name(street) == expected


def test_street_name_is_clipped() -> None:
    assert len(street_name("Rue " + "très longue " * 10)) <= 40


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Maria Peeters", "Maria"), ("Marie-Françoise Dubois", "Marie-Françoise"), ("", "")],
)
def test_first_name(name: str, expected: str) -> None:
    assert first_name(name) == expected


@pytest.mark.parametrize(
    ("preferred", "expected"),
    [("fr", "fr"), ("FR-be", "fr"), ("en_GB", "en"), (["ar", "fr", "nl"], "fr"), (None, "nl"),
     ("tr", "nl"), ([], "nl")],
)  # fmt: skip
def test_pick_language(preferred: object, expected: str) -> None:
    assert pick_language(preferred) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("moment", "language", "expected"),
    [
        (datetime(2026, 11, 24, 13, 0, tzinfo=UTC), "nl", "di 24/11 14:00"),
        (datetime(2026, 11, 24, 13, 0, tzinfo=UTC), "fr", "mar 24/11 14h00"),
        (datetime(2026, 11, 24, 13, 0, tzinfo=UTC), "en", "Tue 24/11 14:00"),
        (datetime(2026, 7, 5, 8, 5, tzinfo=UTC), "nl", "zo 5/7 10:05"),  # summer time
        (datetime(2026, 11, 24, 13, 0), "nl", "di 24/11 14:00"),  # naive means UTC
        (datetime(2026, 12, 31, 23, 30, tzinfo=UTC), "fr", "ven 1/1 00h30"),
    ],
)
def test_format_when_in_brussels(moment: datetime, language: str, expected: str) -> None:
    assert format_when(moment, language) == expected  # type: ignore[arg-type]


def test_format_when_other_timezone() -> None:
    assert format_when(datetime(2026, 11, 24, 13, 0, tzinfo=UTC), "en", "UTC") == "Tue 24/11 13:00"

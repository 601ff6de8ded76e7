"""Message texts: content, privacy and cost in every language."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest

from notifications import count_segments, is_gsm7
from notifications import messages as texts
from notifications.messages import KINDS, LANGUAGES
from notifications.messages.render import TEXTS

TUESDAY_2PM = datetime(2026, 11, 24, 13, 0, tzinfo=UTC)  # 14:00 in Brussels
WORST_WHEN = datetime(2026, 12, 30, 22, 30, tzinfo=UTC)  # "mer 30/12 23h30"
NAMES = [
    "Marie-Françoise Van den Bossche",
    "Jean-Loïc",
    "Zoë",
    "Hélène-Bénédicte",
    "Anne-Géraldine Œuvrard",
    "Maria",
]
STREETS = [
    "Sint-Bernardsesteenweg 1234 bus 56",
    "Avenue du Professeur Émile Vandervelde 12",
    "Avenue des Anciens Combattants",
    "Rue de l'Église Sainte-Anne 3",
    "Boulevard Général Jacques 99B",
    "Kerkstraat",
]
SKILLS = ["shopping", "transport", "company", "odd_jobs", "admin", "pets", "bins", "x" * 60]


def every_text(name: str, street: str, skill: str) -> list[str]:
    """Every kind of text in every language for these inputs."""
    result = []
    for language in LANGUAGES:
        common = {"language": language}
        result += [
            texts.offer(**common, resident_name=name, street=street, start=WORST_WHEN,
                        skill=skill, code="K77"),
            texts.confirmation(**common, resident_name=name, street=street, start=WORST_WHEN),
            texts.cancellation(**common, resident_name=name, start=WORST_WHEN),
            texts.cancellation(**common, resident_name="", start=WORST_WHEN),
            texts.reminder(**common, resident_name=name, street=street, start=WORST_WHEN),
            texts.already_taken(**common, resident_name=name, code="K77"),
            texts.help_text(**common),
            texts.opt_out_confirmation(**common),
            texts.opt_in_confirmation(**common),
            texts.passed_on(**common),
            texts.offer_expired(**common, code="K77"),
            texts.check_in(**common, resident_name=name),
            texts.resident_confirmation(**common, volunteer_name=name, start=WORST_WHEN),
            texts.resident_cancellation(**common, start=WORST_WHEN),
        ]  # fmt: skip
    return result


def test_there_is_a_builder_per_kind() -> None:
    assert len(every_text("Maria", "Kerkstraat", "shopping")) == len(KINDS) * len(LANGUAGES)


@pytest.mark.parametrize(("name", "street"), list(itertools.product(NAMES, STREETS)))
def test_no_text_grows_past_two_segments(name: str, street: str) -> None:
    for skill in SKILLS:
        for text in every_text(name, street, skill):
            assert count_segments(text).segments <= 2, text


def test_templates_themselves_are_gsm7() -> None:
    for language, kind in itertools.product(LANGUAGES, KINDS):
        assert is_gsm7(TEXTS[language][kind]), (language, kind)


def test_plain_names_stay_in_one_segment_for_the_offer() -> None:
    for language in LANGUAGES:
        text = texts.offer(
            language=language, resident_name="Maria", street="Kerkstraat 5",
            start=TUESDAY_2PM, skill="shopping", code="K7",
        )  # fmt: skip
        assert count_segments(text).segments == 1, text


def test_every_language_has_the_same_placeholders() -> None:
    import string

    def fields(template: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}

    for kind in KINDS:
        assert fields(TEXTS["nl"][kind]) == fields(TEXTS["fr"][kind]) == fields(TEXTS["en"][kind])


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", "Hulpvraag K7: boodschappen doen voor Maria, Kerkstraat, di 24/11 14:00. "
               "Kan je? Antwoord JA K7 of NEE K7."),
        ("fr", "Demande K7 : faire les courses pour Maria, Kerkstraat, le mar 24/11 14h00. "
               "Possible ? Répondez OUI K7 ou NON K7."),
        ("en", "Request K7: shopping for Maria, Kerkstraat, Tue 24/11 14:00. "
               "Can you? Reply YES K7 or NO K7."),
    ],
)  # fmt: skip
def test_offer_reads_well(language: str, expected: str) -> None:
    text = texts.offer(
        language=language, resident_name="Maria Peeters", street="Kerkstraat 12",
        start=TUESDAY_2PM, skill="shopping", code="K7",
    )  # fmt: skip

    assert text == expected


def test_offer_never_shows_surname_or_house_number() -> None:
    text = texts.offer(
        language="nl", resident_name="Maria Peeters", street="Kerkstraat 12A bus 3",
        start=TUESDAY_2PM, skill="company", code="K7",
    )  # fmt: skip

    assert "Peeters" not in text and "12" not in text.replace("24/11", "") and "bus" not in text


def test_check_in_matches_the_agreed_wording() -> None:
    assert (
        texts.check_in(language="nl", resident_name="Maria")
        == "Alles goed bij Maria? Antwoord OK, of vertel kort wat je opviel."
    )


def test_resident_texts_name_the_volunteer_and_time() -> None:
    confirmed = texts.resident_confirmation(
        language="nl", volunteer_name="Jan Janssens", start=TUESDAY_2PM
    )
    cancelled = texts.resident_cancellation(language="fr", start=TUESDAY_2PM)

    assert (
        confirmed
        == "Goed nieuws: Jan komt u helpen op di 24/11 14:00. Vragen? Bel het dienstencentrum."
    )
    assert "mar 24/11 14h00" in cancelled


@pytest.mark.parametrize(("language", "answer"), [("nl", "NEE"), ("fr", "NON"), ("en", "NO")])
def test_help_text_explains_the_keywords(language: str, answer: str) -> None:
    text = texts.help_text(language=language)

    assert answer in text and "STOP" in text and "START" in text


def test_unknown_language_falls_back_to_dutch() -> None:
    assert texts.passed_on(language="ar") == texts.passed_on(language="nl")
    assert texts.passed_on(language="fr-BE") == texts.passed_on(language="fr")


def test_respelling_only_when_it_saves_a_segment() -> None:
    short = texts.check_in(language="nl", resident_name="Zoë")
    long = texts.confirmation(
        language="nl", resident_name="Zoë", street="Kerkstraat", start=TUESDAY_2PM
    )

    assert "Zoë" in short  # fits one UCS-2 segment anyway
    assert "Zoe" in long and is_gsm7(long)


def test_unknown_skill_is_shown_in_plain_words() -> None:
    assert texts.skill_phrase("garden_work", "nl") == "garden work"
    assert texts.skill_phrase("Shopping", "fr") == "faire les courses"


def test_render_names_missing_values() -> None:
    with pytest.raises(ValueError, match="code"):
        texts.render("offer_expired", "nl")

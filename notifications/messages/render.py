"""Turning a kind of text, a language and plain values into the cheapest SMS body."""

from __future__ import annotations

from notifications.messages import en, fr, nl
from notifications.messages.kinds import FIELDS, Kind
from notifications.messages.language import Language, pick_language
from notifications.messages.privacy import short_phrase
from notifications.plain_text import gsm7_spelling, plain_sms_text
from notifications.segments import count_segments

TEXTS: dict[Language, dict[Kind, str]] = {"nl": nl.TEXTS, "fr": fr.TEXTS, "en": en.TEXTS}
SKILLS: dict[Language, dict[str, str]] = {"nl": nl.SKILLS, "fr": fr.SKILLS, "en": en.SKILLS}


def render(kind: Kind, language: str, **values: str) -> str:
    """The ``kind`` text in ``language`` (fallback Dutch), filled with ``values``.

    When respelling a name like "Françoise" as "Francoise" saves a segment,
    the respelled text is returned: UCS-2 costs about twice as much.
    """
    missing = FIELDS[kind] - values.keys()
    if missing:
        raise ValueError(f"{kind} text needs {', '.join(sorted(missing))}")
    text = plain_sms_text(TEXTS[pick_language(language)][kind].format(**values))
    respelled = gsm7_spelling(text)
    if count_segments(respelled).segments < count_segments(text).segments:
        return respelled
    return text


def skill_phrase(skill: str, language: str) -> str:
    """What the volunteer will do, in plain words ("shopping" -> "boodschappen doen")."""
    known = SKILLS[pick_language(language)].get(skill.strip().lower())
    return known or short_phrase(skill.replace("_", " "))

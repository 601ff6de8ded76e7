"""Reading a volunteer's SMS answer: JA/NEE, STOP, HULP, OK or anything else."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Accept:
    """Yes to an offer; ``code`` names the offer when the volunteer typed it."""

    code: str | None = None


@dataclass(frozen=True)
class Decline:
    """No to an offer; ``code`` names the offer when the volunteer typed it."""

    code: str | None = None


@dataclass(frozen=True)
class OptOut:
    """Send no more SMS (STOP)."""


@dataclass(frozen=True)
class OptIn:
    """Start sending SMS again (START)."""


@dataclass(frozen=True)
class Help:
    """Asks for the help text."""


@dataclass(frozen=True)
class Ok:
    """All is well, the answer to an after-task check-in."""


@dataclass(frozen=True)
class FreeText:
    """Anything else: it goes to the coordinator as written."""

    text: str


Reply = Accept | Decline | OptOut | OptIn | Help | Ok | FreeText

ACCEPT_WORDS = frozenset({"ja", "jaa", "jawel", "oui", "yes", "yep", "yeah"})
DECLINE_WORDS = frozenset({"nee", "neen", "non", "no", "nope"})
# Single-word keywords, as Twilio's own STOP filter matches them.
OPT_OUT_WORDS = frozenset(
    {"stop", "stoppen", "arret", "stopall", "unsubscribe", "cancel", "end", "quit", "optout"}
)
OPT_IN_WORDS = frozenset({"start", "unstop"})
HELP_WORDS = frozenset({"hulp", "aide", "help", "info"})
OK_WORDS = frozenset({"ok", "oke", "okay", "oki", "okido", "goed", "bien", "fine", "good"})
# Politeness around an answer that does not change its meaning.
FILLER_WORDS = frozenset(
    {
        "graag", "hoor", "zeker", "alles", "dank", "danku", "je", "u", "bedankt", "dankjewel",
        "dankuwel", "merci", "sorry", "excuses", "helaas", "spijtig", "volontiers", "avec",
        "plaisir", "desole", "tout", "va", "thanks", "thank", "you", "please", "sure", "ok",
        "oke", "okay",
    }
)  # fmt: skip

_CODE = re.compile(r"[a-z][0-9]{1,2}")
_GLUED = re.compile(r"(?P<word>[a-z]+?)(?P<code>[a-z][0-9]{1,2})")


def parse_reply(body: str) -> Reply:
    """Classify an inbound SMS body; never raises."""
    words = _words(body)
    if len(words) == 1 and (keyword := _keyword(words[0])) is not None:
        return keyword
    answer = _answer(words)
    if answer is not None:
        return answer
    if words and any(w in OK_WORDS for w in words) and all(_is_ok_or_filler(w) for w in words):
        return Ok()
    return FreeText(body.strip())


def _words(body: str) -> list[str]:
    """Lower-case words without accents or punctuation; a split code like "k 7" is rejoined."""
    decomposed = unicodedata.normalize("NFKD", body)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    words = "".join(ch if ch.isalnum() else " " for ch in plain).split()
    joined: list[str] = []
    for word in words:
        if joined and len(joined[-1]) == 1 and joined[-1].isalpha() and _digits(word):
            joined[-1] += word
        else:
            joined.append(word)
    return joined


def _digits(word: str) -> bool:
    return len(word) <= 2 and word.isascii() and word.isdigit()


def _keyword(word: str) -> Reply | None:
    if word in OPT_OUT_WORDS:
        return OptOut()
    if word in OPT_IN_WORDS:
        return OptIn()
    if word in HELP_WORDS:
        return Help()
    return None


def _answer(words: list[str]) -> Accept | Decline | None:
    """Accept or Decline when the words are one answer, at most one code, and politeness."""
    answers: list[str] = []
    codes: list[str] = []
    for word in words:
        glued = _GLUED.fullmatch(word)
        if word in ACCEPT_WORDS or word in DECLINE_WORDS:
            answers.append(word)
        elif _CODE.fullmatch(word):
            codes.append(word.upper())
        elif glued and glued["word"] in ACCEPT_WORDS | DECLINE_WORDS:
            answers.append(glued["word"])
            codes.append(glued["code"].upper())
        elif word not in FILLER_WORDS:
            return None
    if len(answers) != 1 or len(codes) > 1:
        return None
    code = codes[0] if codes else None
    return Accept(code) if answers[0] in ACCEPT_WORDS else Decline(code)


def _is_ok_or_filler(word: str) -> bool:
    return word in OK_WORDS or word in FILLER_WORDS

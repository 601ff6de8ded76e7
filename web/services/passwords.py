"""Coordinators' passwords: the policy (NIST SP 800-63B: length, no known ones) and hashing."""

from __future__ import annotations

import secrets
from functools import cache

from werkzeug.security import check_password_hash, generate_password_hash

MIN_LENGTH = 12
MAX_LENGTH = 256
# The most common choices, and ones a Flemish or Brussels user would try first.
COMMON = frozenset(
    {
        "123456789012",
        "password1234",
        "passwordpassword",
        "qwertyuiopas",
        "wachtwoord123",
        "wachtwoord1234",
        "motdepasse123",
        "azertyuiopqs",
        "welkom123456",
        "bienvenue123",
        "buurtmatch123",
        "changeme1234",
        "letmein12345",
        "iloveyou1234",
        "administrator",
        "coordinator1",
    }
)


def password_problems(password: str, email: str = "") -> list[str]:
    """Why a password is refused (empty when it is acceptable)."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"must be at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        problems.append(f"must be at most {MAX_LENGTH} characters")
    folded = password.casefold()
    if folded in COMMON or len(set(folded)) < 4:
        problems.append("is too easy to guess")
    local_part = email.split("@")[0].casefold()
    if len(local_part) >= 4 and local_part in folded:
        problems.append("must not contain your e-mail address")
    return problems


def hash_password(password: str) -> str:
    """A salted, slow hash of a password."""
    return generate_password_hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    """Whether a password is the one behind ``password_hash``."""
    return check_password_hash(password_hash, password)


@cache
def stand_in_hash() -> str:
    """A hash made like real ones, of a password nobody knows: checked when no account exists.

    Checking it costs what checking a real one costs, so a login's timing
    does not tell which e-mail addresses have an account.
    """
    return hash_password(secrets.token_urlsafe(24))

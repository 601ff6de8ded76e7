"""Organisations and coordinator accounts."""

from __future__ import annotations

from sqlalchemy import func, select

from web.db import db
from web.models import Organisation, User
from web.models.vocabulary import MATCHING_MODES, ORGANISATION_KINDS, USER_ROLES
from web.services import audit
from web.services.errors import InvalidInput
from web.services.passwords import (
    MIN_LENGTH,
    hash_password,
    password_matches,
    password_problems,
    stand_in_hash,
)

MIN_PASSWORD_LENGTH = MIN_LENGTH


def find_user_by_email(email: str) -> User | None:
    """The user with this e-mail address, compared without case."""
    return db.session.scalars(
        select(User).where(func.lower(User.email) == email.strip().lower())
    ).first()


def change_organisation(
    slug: str, *, matching_mode: str | None = None, triage_public_requests: bool | None = None
) -> Organisation:
    """Set how an organisation works: review first or auto-offer, triage of public requests."""
    organisation = db.session.scalars(select(Organisation).where(Organisation.slug == slug)).first()
    if organisation is None:
        raise InvalidInput({"slug": [f"no organisation with slug {slug!r}"]})
    if matching_mode is not None:
        if matching_mode not in MATCHING_MODES:
            raise InvalidInput({"matching_mode": [f"must be one of {', '.join(MATCHING_MODES)}"]})
        organisation.matching_mode = matching_mode
    if triage_public_requests is not None:
        organisation.triage_public_requests = triage_public_requests
    audit.record(
        "settings_changed",
        organisation,
        actor="cli",
        changes={"matching_mode": matching_mode, "triage_public_requests": triage_public_requests},
    )
    db.session.commit()
    return organisation


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail address and password, or None.

    Every attempt checks one password hash, also for an unknown address or a
    deactivated user, so the answer's timing tells nothing about accounts.
    """
    user = find_user_by_email(email)
    matches = password_matches(user.password_hash if user else stand_in_hash(), password)
    return user if user is not None and user.active and matches else None


def ensure_organisation(slug: str, name: str, kind: str = "service_centre") -> Organisation:
    """Create the organisation unless one with this slug exists; return it either way."""
    errors: dict[str, list[str]] = {}
    slug = slug.strip().lower()
    if not slug or not slug.replace("-", "").isalnum():
        errors["slug"] = ["use lowercase letters, digits and dashes"]
    if not name.strip():
        errors["name"] = ["must not be empty"]
    if kind not in ORGANISATION_KINDS:
        errors["kind"] = [f"must be one of {', '.join(ORGANISATION_KINDS)}"]
    if errors:
        raise InvalidInput(errors)
    existing = db.session.scalars(select(Organisation).where(Organisation.slug == slug)).first()
    if existing is not None:
        return existing
    organisation = Organisation(slug=slug, name=name.strip(), kind=kind)
    db.session.add(organisation)
    db.session.commit()
    return organisation


def create_user(
    email: str, password: str, organisation_slug: str, role: str = "coordinator", name: str = ""
) -> User:
    """Create a coordinator or admin of an organisation."""
    errors: dict[str, list[str]] = {}
    email = email.strip().lower()
    if "@" not in email or len(email) > 254:
        errors["email"] = ["is not an e-mail address"]
    elif find_user_by_email(email) is not None:
        errors["email"] = ["is already in use"]
    if problems := password_problems(password, email):
        errors["password"] = problems
    if role not in USER_ROLES:
        errors["role"] = [f"must be one of {', '.join(USER_ROLES)}"]
    organisation = db.session.scalars(
        select(Organisation).where(Organisation.slug == organisation_slug)
    ).first()
    if organisation is None:
        errors["org"] = [f"no organisation with slug {organisation_slug!r}"]
    if errors:
        raise InvalidInput(errors)
    user = User(
        email=email,
        name=name or email.split("@")[0],
        password_hash=hash_password(password),
        role=role,
        organisation=organisation,
    )
    db.session.add(user)
    db.session.commit()
    return user

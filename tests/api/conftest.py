"""Fixtures for the API: two organisations, a token for each."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask

from tests.factories import make_organisation, make_user
from web.models import Organisation, User
from web.services.tokens import create_token


@dataclass(frozen=True)
class Caller:
    """A user of one organisation with a live token."""

    organisation: Organisation
    user: User
    token: str

    @property
    def headers(self) -> dict[str, str]:
        """The Authorization header for this caller."""
        return {"Authorization": f"Bearer {self.token}"}


def make_caller() -> Caller:
    """A new organisation with a coordinator and a token."""
    organisation = make_organisation()
    user = make_user(organisation)
    _, secret = create_token(user.email, "tests")
    return Caller(organisation, user, secret)


@pytest.fixture
def caller(app: Flask) -> Caller:
    """A coordinator of organisation A with a token."""
    return make_caller()


@pytest.fixture
def other(app: Flask) -> Caller:
    """A coordinator of another organisation B with a token."""
    return make_caller()

"""API tokens: created by the CLI, stored hashed, revocable."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from tests.api.conftest import Caller
from tests.factories import make_organisation, make_user
from web.db import db
from web.models import ApiToken
from web.services.tokens import token_hash


def _create(runner: FlaskCliRunner, email: str) -> str:
    result = runner.invoke(args=["create-token", email, "--label", "crm"])
    assert result.exit_code == 0, result.output
    return result.stdout.strip().splitlines()[0]


def test_create_token_prints_a_secret_that_is_stored_only_as_a_hash(
    app: Flask, runner: FlaskCliRunner, client: FlaskClient
) -> None:
    user = make_user(make_organisation())
    secret = _create(runner, user.email.upper())
    token = db.session.scalars(select(ApiToken)).one()
    assert token.token_hash == token_hash(secret) and secret not in token.token_hash
    assert token.label == "crm" and token.last_used_at is None
    response = client.get("/api/v1/volunteers", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200
    db.session.expire_all()
    assert db.session.get(ApiToken, token.id).last_used_at is not None


def test_create_token_refuses_an_unknown_user(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["create-token", "nobody@example.org"])
    assert result.exit_code == 2 and "email" in result.output


def test_a_revoked_token_is_refused(
    caller: Caller, runner: FlaskCliRunner, client: FlaskClient
) -> None:
    assert client.get("/api/v1/residents", headers=caller.headers).status_code == 200
    token_id = db.session.scalars(select(ApiToken.id)).one()
    result = runner.invoke(args=["revoke-token", str(token_id)])
    assert result.exit_code == 0 and "Revoked 1" in result.output
    response = client.get("/api/v1/residents", headers=caller.headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.json == {"errors": {"_request": ["a valid bearer token is required"]}}


def test_revoke_by_email_revokes_every_token_of_that_user(
    caller: Caller, runner: FlaskCliRunner, client: FlaskClient
) -> None:
    second = _create(runner, caller.user.email)
    result = runner.invoke(args=["revoke-token", "--email", caller.user.email])
    assert "Revoked 2" in result.output
    for secret in (caller.token, second):
        headers = {"Authorization": f"Bearer {secret}"}
        assert client.get("/api/v1/residents", headers=headers).status_code == 401


def test_a_deactivated_user_s_token_stops_working(caller: Caller, client: FlaskClient) -> None:
    caller.user.active = False
    db.session.commit()
    assert client.get("/api/v1/residents", headers=caller.headers).status_code == 401


def test_missing_malformed_and_guessed_tokens_are_refused(
    caller: Caller, client: FlaskClient
) -> None:
    for header in (
        None,
        "",
        "Bearer",
        f"Basic {caller.token}",
        "Bearer bm_guess",
        f"Bearer {caller.token}x",
        f"Bearer {token_hash(caller.token)}",
    ):
        headers = {} if header is None else {"Authorization": header}
        assert client.get("/api/v1/residents", headers=headers).status_code == 401, header

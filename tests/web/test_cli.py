"""The project's command-line commands."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from web.db import db
from web.models import Organisation
from web.services.passwords import password_matches
from web.services.users import find_user_by_email


def test_create_org_is_idempotent(runner: FlaskCliRunner) -> None:
    first = runner.invoke(args=["create-org", "ldc-noord", "LDC Noord"])
    second = runner.invoke(args=["create-org", "ldc-noord", "Another name"])
    assert first.exit_code == 0 and second.exit_code == 0
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == 1


def test_create_org_refuses_a_bad_slug(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["create-org", "LDC Noord!", "LDC Noord"])
    assert result.exit_code == 2
    assert "slug" in result.output


def test_create_user_reads_the_password_from_stdin(app: Flask, runner: FlaskCliRunner) -> None:
    runner.invoke(args=["create-org", "ldc-noord", "LDC Noord"])
    result = runner.invoke(
        args=["create-user", "An@Example.org", "--org", "ldc-noord"],
        input="a long enough secret\nignored second line\n",
    )
    assert result.exit_code == 0, result.output
    user = find_user_by_email("an@example.org")
    assert user is not None and user.role == "coordinator"
    assert password_matches(user.password_hash, "a long enough secret")


def test_create_user_refuses_short_passwords_and_unknown_orgs(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["create-user", "an@example.org", "--org", "nope"], input="short\n")
    assert result.exit_code == 2
    assert "password" in result.output and "org" in result.output
    assert find_user_by_email("an@example.org") is None


def test_org_settings_switch_triage_and_mode(runner: FlaskCliRunner) -> None:
    runner.invoke(args=["create-org", "ldc-noord", "LDC Noord"])
    result = runner.invoke(
        args=["org-settings", "ldc-noord", "--no-triage", "--matching-mode", "auto_offer"]
    )
    assert result.exit_code == 0, result.output
    assert "auto_offer, public requests matched at once" in result.output
    organisation = db.session.scalars(select(Organisation)).one()
    db.session.refresh(organisation)
    assert (organisation.matching_mode, organisation.triage_public_requests) == (
        "auto_offer",
        False,
    )
    unknown = runner.invoke(args=["org-settings", "nope", "--triage"])
    assert unknown.exit_code == 2 and "slug" in unknown.output

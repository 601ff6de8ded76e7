"""The `buurtmatch` command line: the Flask CLI of the app plus the project's commands."""

from __future__ import annotations

import sys
from datetime import date

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy import select

from web.db import db
from web.models import Organisation
from web.services.demo_data import seed_demo
from web.services.errors import InvalidInput
from web.services.matching import run_queued_rounds, start_matching_run
from web.services.sessions import end_sessions, set_user_active
from web.services.tokens import create_token, revoke_tokens
from web.services.users import change_organisation, create_user, ensure_organisation
from web.translations_update import translations_command


def _fail(error: InvalidInput) -> None:
    for field, messages in error.errors.items():
        click.echo(f"error: {field}: {'; '.join(messages)}", err=True)
    sys.exit(2)


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Seed the demo neighbourhood if the database is empty."""
    summary = seed_demo(date.today(), current_app.config["TIMEZONE"])
    if summary.organisations == 0:
        click.echo("The database already has data; nothing seeded.")
    else:
        click.echo(
            f"Seeded {summary.organisations} organisations, {summary.volunteers} volunteers, "
            f"{summary.residents} residents and {summary.requests} help requests."
        )


@click.command("create-org")
@click.argument("slug")
@click.argument("name")
@click.option("--kind", default="service_centre", show_default=True)
@with_appcontext
def create_org_command(slug: str, name: str, kind: str) -> None:
    """Create an organisation (does nothing if the slug exists)."""
    try:
        organisation = ensure_organisation(slug, name, kind)
    except InvalidInput as error:
        _fail(error)
    click.echo(f"Organisation {organisation.slug} (id {organisation.id}).")


@click.command("org-settings")
@click.argument("slug")
@click.option("--matching-mode", type=click.Choice(["review_first", "auto_offer"]), default=None)
@click.option(
    "--triage/--no-triage",
    default=None,
    help="whether requests from the public form wait for a coordinator (default: they do)",
)
@with_appcontext
def org_settings_command(slug: str, matching_mode: str | None, triage: bool | None) -> None:
    """Change how an organisation works; prints its settings."""
    try:
        organisation = change_organisation(
            slug, matching_mode=matching_mode, triage_public_requests=triage
        )
    except InvalidInput as error:
        _fail(error)
    public = "triaged first" if organisation.triage_public_requests else "matched at once"
    click.echo(f"{organisation.slug}: {organisation.matching_mode}, public requests {public}")


@click.command("create-user")
@click.argument("email")
@click.option("--org", "org_slug", required=True, help="slug of the user's organisation")
@click.option("--role", default="coordinator", type=click.Choice(["coordinator", "admin"]))
@click.option("--name", default="", help="display name")
@with_appcontext
def create_user_command(email: str, org_slug: str, role: str, name: str) -> None:
    """Create a user; the password is read from the first line of standard input."""
    password = sys.stdin.readline().rstrip("\r\n")
    try:
        user = create_user(email, password, org_slug, role, name)
    except InvalidInput as error:
        _fail(error)
    click.echo(f"User {user.email} ({user.role}) in {org_slug}.")


@click.command("match")
@click.option("--org", "org_slug", default=None, help="only this organisation (default: all)")
@click.option("--time-limit", default=10.0, show_default=True, type=float)
@with_appcontext
def match_command(org_slug: str | None, time_limit: float) -> None:
    """Run one matching round now and print a summary per organisation."""
    query = select(Organisation).order_by(Organisation.slug)
    if org_slug:
        query = query.where(Organisation.slug == org_slug)
    organisations = db.session.scalars(query).all()
    if not organisations:
        click.echo(f"error: org: no organisation with slug {org_slug!r}", err=True)
        sys.exit(2)
    for organisation in organisations:
        run = start_matching_run(organisation.id, time_limit=time_limit)
        run_queued_rounds(current_app.config["TIMEZONE"])
        db.session.refresh(run)
        if run.status == "succeeded":
            click.echo(
                f"{organisation.slug}: {run.filled_count} of {run.requests_count} requests "
                f"proposed ({run.solver_status}, objective {run.objective:.0f})"
            )
        else:
            click.echo(f"{organisation.slug}: {run.status}: {run.error}", err=True)


@click.command("create-token")
@click.argument("email")
@click.option("--label", default=None, help="what the token is for, e.g. the integration's name")
@with_appcontext
def create_token_command(email: str, label: str | None) -> None:
    """Print a new API token for a user; it is shown only this once."""
    try:
        token, secret = create_token(email, label)
    except InvalidInput as error:
        _fail(error)
    click.echo(secret)
    click.echo(
        f"Token id {token.id}; revoke it with `buurtmatch revoke-token {token.id}`.", err=True
    )


@click.command("revoke-token")
@click.argument("token_id", type=int, required=False)
@click.option("--email", default=None, help="revoke every token of this user instead")
@with_appcontext
def revoke_token_command(token_id: int | None, email: str | None) -> None:
    """Revoke one API token by id, or all tokens of a user with --email."""
    try:
        count = revoke_tokens(token_id=token_id, email=email)
    except InvalidInput as error:
        _fail(error)
    click.echo(f"Revoked {count} token(s).")


@click.command("end-sessions")
@click.argument("email")
@with_appcontext
def end_sessions_command(email: str) -> None:
    """Log a coordinator out everywhere (a lost laptop, a copied cookie)."""
    try:
        count = end_sessions(email)
    except InvalidInput as error:
        _fail(error)
    click.echo(f"{count} sessions ended.")


@click.command("deactivate-user")
@click.argument("email")
@click.option("--activate", is_flag=True, help="let the user log in again instead")
@with_appcontext
def deactivate_user_command(email: str, activate: bool) -> None:
    """Stop a coordinator from logging in (every session and API token stops working)."""
    try:
        user = set_user_active(email, activate)
    except InvalidInput as error:
        _fail(error)
    click.echo(f"User {user.email} is {'active' if user.active else 'deactivated'}.")


def init_app(app: Flask) -> None:
    """Register the project's commands on the app's CLI."""
    for command in (
        seed_demo_command,
        create_org_command,
        org_settings_command,
        create_user_command,
        match_command,
        create_token_command,
        revoke_token_command,
        end_sessions_command,
        deactivate_user_command,
        translations_command,
    ):
        app.cli.add_command(command)


def main() -> None:
    """Entry point of the `buurtmatch` console script."""
    from web import create_app

    FlaskGroup(create_app=create_app, name="buurtmatch")()

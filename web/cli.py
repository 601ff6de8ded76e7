"""The `buurtmatch` command line: the Flask CLI of the app plus the project's commands."""

from __future__ import annotations

import sys
from datetime import date

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from web.services.demo_data import seed_demo
from web.services.errors import InvalidInput
from web.services.users import create_user, ensure_organisation


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


def init_app(app: Flask) -> None:
    """Register the project's commands on the app's CLI."""
    for command in (seed_demo_command, create_org_command, create_user_command):
        app.cli.add_command(command)


def main() -> None:
    """Entry point of the `buurtmatch` console script."""
    from web import create_app

    FlaskGroup(create_app=create_app, name="buurtmatch")()

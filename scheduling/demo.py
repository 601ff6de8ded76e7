"""`buurtmatch demo`: the embedded default, web and clock in one process on SQLite.

Registered as a Flask CLI plugin (entry point `flask.commands`), so the web
package never has to import the clock.
"""

from __future__ import annotations

from datetime import date

import click
from apscheduler.schedulers.background import BackgroundScheduler
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade
from werkzeug.serving import run_simple

from scheduling import build_scheduler
from web.services.demo_data import DEMO_LOGINS, DEMO_PASSWORD, seed_demo


@click.command("demo")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@with_appcontext
def demo_command(host: str, port: int) -> None:
    """Migrate, seed if empty, and run the web app and the clock's jobs."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    upgrade()
    seed_demo(date.today(), app.config["TIMEZONE"])
    clock = build_scheduler(app, BackgroundScheduler())
    clock.start()
    click.echo(f"\nbuurtmatch demo running at http://{host}:{port}/")
    click.echo(f"Demo logins (password for both: {DEMO_PASSWORD}):")
    for email, slug, name in DEMO_LOGINS:
        click.echo(f"  {email:34} {name} ({slug})")
    click.echo("Press Ctrl+C to stop.\n")
    try:
        # app.run() refuses to start inside a `flask` CLI command; serve directly.
        run_simple(host, port, app, threaded=True)
    finally:
        clock.shutdown(wait=False)

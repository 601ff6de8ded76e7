"""Wiring SMS into the app: the sender chosen by SMS_BACKEND and the outbox settings."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from notifications import OutboxSmsSender, SmsSender
from web.config import ConfigError
from web.db import utcnow
from web.services.errors import InvalidInput
from web.services.outbox import OutboxSettings, settings_from_config
from web.services.outbox_delivery import DeliveryReport, deliver_due

BACKENDS = ("outbox", "twilio")


@dataclass(frozen=True)
class SmsSetup:
    """What ``app.extensions["sms"]`` holds."""

    backend: str
    sender: SmsSender
    settings: OutboxSettings
    auth_token: str | None
    # Webhooks must carry Twilio's signature (see webhooks_need_signature).
    signed_webhooks: bool


def build_sender(config: dict[str, Any] | Any) -> SmsSender:
    """The sender for SMS_BACKEND; refuse Twilio without credentials or a sender."""
    backend = config.get("SMS_BACKEND") or "outbox"
    if backend == "outbox":
        return OutboxSmsSender()
    if backend != "twilio":
        raise ConfigError(f"SMS_BACKEND: expected one of {', '.join(BACKENDS)}, got {backend!r}")
    missing = [n for n in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN") if not config.get(n)]
    if missing:
        raise ConfigError(f"SMS_BACKEND=twilio needs {' and '.join(missing)}")
    from_number = config.get("TWILIO_FROM_NUMBER")
    service = config.get("TWILIO_MESSAGING_SERVICE_SID")
    if bool(from_number) == bool(service):
        raise ConfigError(
            "SMS_BACKEND=twilio needs exactly one of TWILIO_FROM_NUMBER "
            "or TWILIO_MESSAGING_SERVICE_SID"
        )
    # Imported here so the outbox backend never loads twilio.
    from notifications.twilio_sms import TwilioSmsSender

    return TwilioSmsSender(
        config["TWILIO_ACCOUNT_SID"],
        config["TWILIO_AUTH_TOKEN"],
        from_number=from_number or None,
        messaging_service_sid=service or None,
        api_base_url=config.get("TWILIO_API_BASE_URL") or None,
        timeout=float(config.get("TWILIO_TIMEOUT") or 10.0),
    )


def webhooks_need_signature(config: dict[str, Any] | Any) -> bool:
    """Whether /sms webhooks must be signed: with Twilio, in production, or with a token set.

    Only a development app on the outbox backend without a token takes
    unsigned webhooks (so replies can be tried by hand); in production an
    unsigned request is refused whatever the backend, and without a token
    every request is.
    """
    return (
        (config.get("SMS_BACKEND") or "outbox") == "twilio"
        or config.get("BUURTMATCH_ENV") == "production"
        or bool(config.get("TWILIO_AUTH_TOKEN"))
    )


def sms_setup(app: Flask | None = None) -> SmsSetup:
    """The SMS setup of ``app`` (default: the current app)."""
    setup: SmsSetup = (app or current_app).extensions["sms"]
    return setup


def deliver_outbox(batch: int = 50) -> DeliveryReport:
    """Deliver due messages now with the current app's sender and settings."""
    setup = sms_setup()
    return deliver_due(setup.sender, utcnow(), batch=batch, settings=setup.settings)


@click.command("send-outbox")
@click.option("--once", is_flag=True, help="deliver what is due now, then stop")
@click.option("--batch", default=50, show_default=True, help="messages per round")
@click.option("--interval", default=5.0, show_default=True, help="seconds between rounds")
@with_appcontext
def send_outbox_command(once: bool, batch: int, interval: float) -> None:
    """Deliver due SMS from the outbox (every few seconds, or --once)."""
    while True:
        report = deliver_outbox(batch)
        if report.handled or once:
            click.echo(
                f"sent {report.sent}, retrying {report.retrying}, failed {report.failed}, "
                f"ambiguous {report.ambiguous}, skipped {report.skipped}"
            )
        if once:
            return
        if report.handled < batch:
            time.sleep(interval)


def init_app(app: Flask) -> None:
    """Build the sender from the configuration into ``app.extensions["sms"]``."""
    try:
        settings = settings_from_config(app.config)
    except InvalidInput as error:
        raise ConfigError("; ".join(m for ms in error.errors.values() for m in ms)) from None
    backend = app.config.get("SMS_BACKEND") or "outbox"
    app.extensions["sms"] = SmsSetup(
        backend=backend,
        sender=build_sender(app.config),
        settings=settings,
        auth_token=app.config.get("TWILIO_AUTH_TOKEN") or None,
        signed_webhooks=webhooks_need_signature(app.config),
    )
    app.cli.add_command(send_outbox_command)

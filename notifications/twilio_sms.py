"""Sending through Twilio: the only module that imports twilio."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import requests
from twilio.base.exceptions import TwilioException, TwilioRestException, TwilioServiceException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client
from urllib3.exceptions import NewConnectionError

from notifications.error_codes import INVALID_NUMBER_CODES, TRANSIENT_CODES, UNSUBSCRIBED
from notifications.plain_text import plain_sms_text
from notifications.sender import DeliveryError, SentSms


class _RebasedHttpClient(TwilioHttpClient):  # type: ignore[misc]
    """Twilio's HTTP client, optionally pointed at another host (a local fake).

    Twilio hard-codes ``https://api.twilio.com`` per product domain and its
    edge/region settings cannot name localhost, so the URL is rewritten here.
    """

    def __init__(self, base_url: str | None, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self.base_url = base_url.rstrip("/") if base_url else None

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        if self.base_url is not None:
            parts = urlsplit(url)
            url = self.base_url + parts.path + (f"?{parts.query}" if parts.query else "")
        return super().request(method, url, *args, **kwargs)


class TwilioSmsSender:
    """An SmsSender that hands messages to Twilio's Messages API.

    Sends from ``from_number`` or through ``messaging_service_sid`` (exactly
    one). ``api_base_url`` replaces Twilio's host, e.g. ``http://127.0.0.1:8765``.
    Every request gives up after ``timeout`` seconds. One attempt per call.
    """

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        *,
        from_number: str | None = None,
        messaging_service_sid: str | None = None,
        api_base_url: str | None = None,
        timeout: float = 10.0,
    ) -> None:
        if not account_sid or not auth_token:
            raise ValueError("Twilio needs both an account SID and an auth token")
        if bool(from_number) == bool(messaging_service_sid):
            raise ValueError("give exactly one of from_number or messaging_service_sid")
        if timeout <= 0:
            raise ValueError("timeout must be positive")
        self.from_number = from_number
        self.messaging_service_sid = messaging_service_sid
        self._http = _RebasedHttpClient(api_base_url, timeout)
        # A non-empty environment stops the client from reading TWILIO_EDGE and
        # TWILIO_REGION from os.environ: configuration comes only from here.
        self._client = Client(
            account_sid,
            auth_token,
            http_client=self._http,
            environment={"TWILIO_EDGE": ""},
        )

    def send(self, to: str, body: str, *, status_callback: str | None = None) -> SentSms:
        """Make one attempt to hand ``body`` to Twilio for ``to``; raise DeliveryError."""
        options: dict[str, str] = (
            {"messaging_service_sid": self.messaging_service_sid}
            if self.messaging_service_sid
            else {"from_": self.from_number or ""}
        )
        if status_callback:
            options["status_callback"] = status_callback
        try:
            message = self._client.messages.create(to=to, body=plain_sms_text(body), **options)
        except (TwilioRestException, TwilioServiceException) as error:
            raise _rest_error(error) from error
        except requests.RequestException as error:
            raise _network_error(error) from error
        except (TwilioException, ValueError) as error:
            # An unreadable answer to a request that did arrive: it may have been sent.
            raise DeliveryError(
                f"unreadable answer from Twilio: {error}", ambiguous=True
            ) from error
        return SentSms(
            sid=message.sid, status=message.status or "queued", segments=_segments(message)
        )

    def close(self) -> None:
        """Close pooled connections."""
        if self._http.session is not None:
            self._http.session.close()


def _rest_error(error: TwilioRestException | TwilioServiceException) -> DeliveryError:
    status: int = error.status
    code: int | None = error.code if error.code != status else None
    text = f"Twilio answered HTTP {status}" + (f" with error {code}" if code else "")
    if status == 429:
        # Twilio never processes a request it answered with 429: safe to retry.
        return DeliveryError(f"{text}: rate limited", code=code)
    if code in TRANSIENT_CODES:
        return DeliveryError(f"{text}: try again later", code=code)
    if status >= 500:
        return DeliveryError(f"{text}; it may have accepted the message", code=code, ambiguous=True)
    if status in (401, 403):
        # Our credentials, not the message, are wrong; once fixed it will go.
        return DeliveryError(f"{text}: check the Twilio credentials", code=code)
    if code == UNSUBSCRIBED:
        return DeliveryError(f"{text}: recipient replied STOP", permanent=True, code=code)
    if code in INVALID_NUMBER_CODES:
        return DeliveryError(f"{text}: the number cannot get SMS", permanent=True, code=code)
    return DeliveryError(text, permanent=True, code=code)


def _network_error(error: requests.RequestException) -> DeliveryError:
    if isinstance(error, requests.ConnectTimeout) or _never_connected(error):
        return DeliveryError(f"Twilio unreachable, nothing was sent: {error}")
    if isinstance(error, requests.ReadTimeout):
        return DeliveryError(f"Twilio did not answer in time: {error}", ambiguous=True)
    return DeliveryError(f"connection to Twilio broke after sending: {error}", ambiguous=True)


def _never_connected(error: BaseException) -> bool:
    """True when the chain shows the TCP connection was never made."""
    seen: set[int] = set()
    stack: list[object] = [error]
    while stack:
        item = stack.pop()
        if not isinstance(item, BaseException) or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, NewConnectionError):
            return True
        stack.extend([item.__cause__, item.__context__, *item.args, getattr(item, "reason", None)])
    return False


def _segments(message: Any) -> int | None:
    """Twilio's segment count, or None while unknown (0 through a Messaging Service)."""
    try:
        return int(message.num_segments) or None
    except (TypeError, ValueError):
        return None

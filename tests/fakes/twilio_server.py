"""A local fake of Twilio's Messages API that the real twilio client can talk to.

with FakeTwilio() as twilio:
    sender = TwilioSmsSender(SID, TOKEN, from_number=..., api_base_url=twilio.base_url)
    twilio.script(RATE_LIMITED, SUCCESS)     # the next two calls, in order
    twilio.script_for("+32470000001", UNSUBSCRIBED)   # calls to that number
    ...
    twilio.requests[0].form["Body"]
"""

from __future__ import annotations

import base64
import json
import re
import threading
import uuid
from collections import deque
from dataclasses import dataclass, field, replace
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

ACCOUNT_SID = "AC" + "a1" * 16
AUTH_TOKEN = "fake-auth-token-0123456789abcdef"
FROM_NUMBER = "+32460000000"

_MESSAGES_PATH = re.compile(r"^/2010-04-01/Accounts/(?P<sid>AC\w+)/Messages\.json$")


@dataclass(frozen=True)
class Behaviour:
    """How the fake answers one request."""

    status: int = 201
    code: int | None = None
    message: str = ""
    delay: float = 0.0
    drop: bool = False  # close the connection without any answer
    raw_body: str | None = None  # answer with this text instead of JSON


SUCCESS = Behaviour()
RATE_LIMITED = Behaviour(429, 20429, "Too Many Requests")
SERVER_ERROR = Behaviour(500, 20500, "Internal Server Error")
UNSUBSCRIBED = Behaviour(400, 21610, "Attempt to send to unsubscribed recipient")
INVALID_NUMBER = Behaviour(400, 21211, "The 'To' number is not a valid phone number.")
NOT_MOBILE = Behaviour(400, 21614, "'To' number is not a valid mobile number")
DROPPED = Behaviour(drop=True)
GARBLED = Behaviour(raw_body="<html>Bad Gateway</html>")


def slow(seconds: float, then: Behaviour = SUCCESS) -> Behaviour:
    """Answer like ``then``, but only after ``seconds``."""
    return replace(then, delay=seconds)


@dataclass(frozen=True)
class ReceivedRequest:
    """One request exactly as it reached the fake."""

    method: str
    path: str
    headers: dict[str, str]
    form: dict[str, str]
    auth: tuple[str, str] | None


@dataclass
class FakeTwilio:
    """A threaded HTTP server on 127.0.0.1 speaking Twilio's Messages API."""

    account_sid: str = ACCOUNT_SID
    auth_token: str = AUTH_TOKEN
    default: Behaviour = SUCCESS
    requests: list[ReceivedRequest] = field(default_factory=list)
    created: list[dict[str, Any]] = field(default_factory=list)
    _queue: deque[Behaviour] = field(default_factory=deque)
    _per_recipient: dict[str, deque[Behaviour]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stopping: threading.Event = field(default_factory=threading.Event)
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>``, for TwilioSmsSender(api_base_url=...)."""
        assert self._server is not None, "FakeTwilio is not running"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> FakeTwilio:
        """Listen on a free port in a background thread."""
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening; slow answers still waiting are abandoned."""
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeTwilio:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def script(self, *behaviours: Behaviour) -> None:
        """Answer the next requests with these behaviours, in order, then ``default``."""
        with self._lock:
            self._queue.extend(behaviours)

    def script_for(self, to: str, *behaviours: Behaviour) -> None:
        """Answer the next requests to ``to`` with these behaviours, before any ``script``."""
        with self._lock:
            self._per_recipient.setdefault(to, deque()).extend(behaviours)

    def sent_bodies(self) -> list[str]:
        """The Body of every message the fake accepted, oldest first."""
        return [message["body"] for message in self.created]

    def _next_behaviour(self, to: str) -> Behaviour:
        with self._lock:
            own = self._per_recipient.get(to)
            if own:
                return own.popleft()
            return self._queue.popleft() if self._queue else self.default

    def _record(self, request: ReceivedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def _message_resource(self, form: dict[str, str]) -> dict[str, Any]:
        sid = "SM" + uuid.uuid4().hex
        via_service = "MessagingServiceSid" in form
        resource: dict[str, Any] = {
            "sid": sid,
            "account_sid": self.account_sid,
            "api_version": "2010-04-01",
            "to": form.get("To"),
            "from": None if via_service else form.get("From"),
            "messaging_service_sid": form.get("MessagingServiceSid"),
            "body": form.get("Body", ""),
            "status": "accepted" if via_service else "queued",
            # Twilio reports 0 segments until a Messaging Service picks a sender.
            "num_segments": "0" if via_service else "1",
            "num_media": "0",
            "direction": "outbound-api",
            "date_created": formatdate(usegmt=True),
            "date_updated": formatdate(usegmt=True),
            "date_sent": None,
            "error_code": None,
            "error_message": None,
            "price": None,
            "price_unit": "USD",
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}.json",
            "subresource_uris": {},
        }
        with self._lock:
            self.created.append(resource)
        return resource


def _handler_for(fake: FakeTwilio) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            form = dict(parse_qsl(self.rfile.read(length).decode("utf-8"), keep_blank_values=True))
            auth = _basic_auth(self.headers.get("Authorization", ""))
            fake._record(ReceivedRequest("POST", self.path, dict(self.headers), form, auth))
            match = _MESSAGES_PATH.match(self.path.split("?")[0])
            if match is None:
                self._error(Behaviour(404, 20404, "The requested resource was not found"))
                return
            if auth != (fake.account_sid, fake.auth_token) or match["sid"] != fake.account_sid:
                self._error(Behaviour(401, 20003, "Authenticate"))
                return
            behaviour = fake._next_behaviour(form.get("To", ""))
            if behaviour.delay and fake._stopping.wait(behaviour.delay):
                return
            if behaviour.drop:
                self.close_connection = True
                return
            if behaviour.raw_body is not None:
                self._send(behaviour.status, "text/html", behaviour.raw_body.encode())
                return
            if behaviour.status >= 300:
                self._error(behaviour)
                return
            self._json(behaviour.status, fake._message_resource(form))

        def _error(self, behaviour: Behaviour) -> None:
            self._json(
                behaviour.status,
                {
                    "code": behaviour.code,
                    "message": behaviour.message,
                    "more_info": f"https://www.twilio.com/docs/errors/{behaviour.code}",
                    "status": behaviour.status,
                },
            )

        def _json(self, status: int, payload: dict[str, Any]) -> None:
            self._send(status, "application/json", json.dumps(payload).encode())

        def _send(self, status: int, content_type: str, data: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            """Silence the per-request log line."""

    return Handler


def _basic_auth(header: str) -> tuple[str, str] | None:
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    user, _, password = base64.b64decode(encoded).decode().partition(":")
    return user, password

"""Checking that a webhook really comes from Twilio (X-Twilio-Signature).

Standard library only, so the web layer can validate without importing
twilio; tests sign with twilio's own RequestValidator to keep it honest.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable
from urllib.parse import urlsplit, urlunsplit

DEFAULT_PORTS = {"https": 443, "http": 80}


def compute_signature(auth_token: str, url: str, params: Iterable[tuple[str, str]]) -> str:
    """HMAC-SHA1 over ``url`` and the sorted form fields, base64, as Twilio signs."""
    by_name: dict[str, set[str]] = {}
    for name, value in params:
        by_name.setdefault(name, set()).add(value)
    payload = url + "".join(
        name + value for name in sorted(by_name) for value in sorted(by_name[name])
    )
    digest = hmac.new(auth_token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def validate_signature(
    auth_token: str, url: str, params: Iterable[tuple[str, str]], signature: str
) -> bool:
    """True when ``signature`` signs this POST to ``url``, with or without the port.

    Twilio is inconsistent about writing the default port, so both forms count.
    """
    if not auth_token or not signature:
        return False
    fields = list(params)
    for candidate in _url_variants(url):
        expected = compute_signature(auth_token, candidate, fields)
        if hmac.compare_digest(expected.encode(), signature.encode()):
            return True
    return False


def _url_variants(url: str) -> list[str]:
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    userinfo = parts.netloc.rpartition("@")[0]
    prefix = f"{userinfo}@" if userinfo else ""
    port = parts.port or DEFAULT_PORTS.get(parts.scheme)
    without_port = urlunsplit(parts._replace(netloc=prefix + host))
    if port is None:
        return [url, without_port]
    with_port = urlunsplit(parts._replace(netloc=f"{prefix}{host}:{port}"))
    return [url, without_port, with_port]

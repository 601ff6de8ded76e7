"""The API callers (two organisations with tokens) for the security tests."""

from tests.api.conftest import caller, other

__all__ = ["caller", "other"]

"""The one way random tokens are made and kept: a token is shown once, only its digest is stored."""

from __future__ import annotations

import hashlib
import secrets


def new_token() -> str:
    """A random 192-bit URL-safe token."""
    return secrets.token_urlsafe(24)


def digest(text: str) -> str:
    """SHA-256 hex of a token (what is kept instead of it)."""
    return hashlib.sha256(text.encode()).hexdigest()

"""Authenticator app codes (TOTP, RFC 6238): secrets, the QR code to scan, and checking a code
once only."""

from __future__ import annotations

import time

import pyotp
import segno

STEP = 30
#: A code from the step before or after is accepted too (phones' clocks drift).
WINDOW = 1


def new_secret() -> str:
    """A random base32 secret (160 bits)."""
    return pyotp.random_base32(32)


def setup_uri(secret: str, email: str, issuer: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=issuer)


def qr_svg_data_uri(uri: str) -> str:
    """The QR code as an SVG data: URI (allowed by our CSP; no file, no third party)."""
    return str(segno.make(uri, error="m").svg_data_uri(scale=5, border=2))


def accepted_step(secret: str, code: str, last_step: int, now: float | None = None) -> int | None:
    """The time step a code belongs to when it is right, current and not used before; else None."""
    digits = "".join(code.split())
    if len(digits) != 6 or not digits.isdigit():
        return None
    moment = time.time() if now is None else now
    current = int(moment // STEP)
    totp = pyotp.TOTP(secret)
    for step in range(current - WINDOW, current + WINDOW + 1):
        if step > last_step and totp.at(step * STEP) == digits:
            return step
    return None


def code_problem(code: str) -> str | None:
    """A GOV.UK error message for a code that is not even the right shape."""
    digits = "".join(code.split())
    if not digits:
        return "Enter the 6-digit code from your authenticator app"
    if len(digits) != 6 or not digits.isdigit():
        return "Code must be 6 digits"
    return None

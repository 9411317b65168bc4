"""Passwords: Argon2id hashes (argon2-cffi defaults), the rules a new one must meet, and a cap on
how many hashes are checked at once (each takes about 180 ms of a core)."""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 8
MAX_LENGTH = 256
COMMON_FILE = Path(__file__).with_name("common_passwords.txt")
#: At most this many verifications run at once per process, so sign-in cannot starve the pages.
_VERIFY_SLOTS = threading.BoundedSemaphore(2)
_HASHER = PasswordHasher()
#: A real hash of a random password, checked when the email is unknown so both take as long.
_DUMMY_HASH = _HASHER.hash("not-a-real-password-but-the-same-work")


@cache
def common_passwords() -> frozenset[str]:
    """The refused list, lower case."""
    lines = COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def password_problem(password: str, email: str = "") -> str | None:
    """Why a new password is not allowed (GOV.UK error wording), or None when it is."""
    if not password:
        return "Enter a password"
    if len(password) < MIN_LENGTH:
        return f"Password must be {MIN_LENGTH} characters or more"
    if len(password) > MAX_LENGTH:
        return f"Password must be {MAX_LENGTH} characters or fewer"
    lowered = password.lower()
    if lowered in common_passwords() or len(set(lowered)) <= 2:
        return "Password is too easy to guess. Choose a longer password, for example 3 random words"
    local = email.split("@")[0].lower()
    if local and len(local) >= 4 and local in lowered:
        return "Password must not contain your email address"
    return None


def hash_password(password: str) -> str:
    """An Argon2id hash with argon2-cffi's current parameters."""
    with _VERIFY_SLOTS:
        return _HASHER.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """Whether the password matches; with no stored hash, the same work is done and False returned."""
    with _VERIFY_SLOTS:
        try:
            return _HASHER.verify(stored or _DUMMY_HASH, password) and stored is not None
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False


def needs_rehash(stored: str) -> bool:
    """Whether the hash was made with older parameters (rehash it at the next sign-in)."""
    return _HASHER.check_needs_rehash(stored)

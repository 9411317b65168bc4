"""Passwords: Argon2id hashes (argon2-cffi defaults), the rules a new one must meet, and a cap on
how many hashes are checked at once (each takes about 180 ms of a core).

A test run (WIZARD_ENV=test in the process environment) hashes with the least work Argon2 allows,
so the suite does not spend minutes signing staff in (ADR 0026); every other mode uses the real
parameters, and the password tests use them too."""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 8
MAX_LENGTH = 256
COMMON_FILE = Path(__file__).with_name("common_passwords.txt")
#: At most this many verifications run at once per process, so sign-in cannot starve the pages.
_VERIFY_SLOTS = threading.BoundedSemaphore(2)
#: Checked when the email is unknown, hashed with the hasher in use, so both take as long.
_DUMMY_PASSWORD = "not-a-real-password-but-the-same-work"  # noqa: S105 - not a secret


def real_hasher() -> PasswordHasher:
    """Argon2id with argon2-cffi's default parameters: what every mode but a test run uses."""
    return PasswordHasher()


def choose_hasher(environ: Mapping[str, str]) -> PasswordHasher:
    """The real hasher, or a cheap one only when the environment says WIZARD_ENV=test."""
    # Read as wizard.config reads it, so only a process that runs as "test" gets the cheap one;
    # a missing or any other value (production is the default) gets the real parameters.
    if environ.get("WIZARD_ENV", "production").strip().lower() == "test":
        return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    return real_hasher()


@cache
def hasher() -> PasswordHasher:
    """The hasher this process uses, chosen from its environment at the first use."""
    chosen = choose_hasher(os.environ)
    _dummy_hash(chosen)  # made now, so the first unknown email takes no longer than a known one
    return chosen


@cache
def _dummy_hash(current: PasswordHasher) -> str:
    return current.hash(_DUMMY_PASSWORD)


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
    """An Argon2id hash with the current hasher's parameters."""
    with _VERIFY_SLOTS:
        return hasher().hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """Whether the password matches; with no stored hash, the same work is done and False returned."""
    current = hasher()
    with _VERIFY_SLOTS:
        try:
            return current.verify(stored or _dummy_hash(current), password) and stored is not None
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False


def needs_rehash(stored: str) -> bool:
    """Whether the hash was made with older parameters (rehash it at the next sign-in)."""
    return hasher().check_needs_rehash(stored)

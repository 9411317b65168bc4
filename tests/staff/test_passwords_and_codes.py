"""Passwords (Argon2id, the rules for a new one) and authenticator codes (current, once only)."""

from __future__ import annotations

import subprocess
import sys

import pyotp
import pytest
from argon2 import extract_parameters, profiles

from wizard import PROJECT_ROOT
from wizard.accounts import passwords, totp

#: argon2-cffi's defaults (RFC 9106, low memory): the parameters every mode but a test run uses.
REAL = profiles.RFC_9106_LOW_MEMORY


@pytest.fixture
def real_parameters(monkeypatch):
    """These tests hash as production does, not with the cheap test-run hasher (ADR 0026)."""
    monkeypatch.setattr(passwords, "hasher", passwords.real_hasher)


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("", "Enter a password"),
        ("short", "Password must be 8 characters or more"),
        ("x" * 257, "Password must be 256 characters or fewer"),
        (
            "Password123",
            "Password is too easy to guess. Choose a longer password, for example 3 random words",
        ),
        (
            "aaaaaaaaaaaa",
            "Password is too easy to guess. Choose a longer password, for example 3 random words",
        ),
        ("kay.worker-2026!", "Password must not contain your email address"),
        ("correct horse battery staple", None),
        ("ÿéü ünïcödé pässwörd", None),
    ],
)
def test_new_password_rules(password, problem):
    assert passwords.password_problem(password, "kay.worker@demo.example") == problem


def test_hashes_are_argon2id_and_verify(real_parameters):
    stored = passwords.hash_password("correct horse battery staple")

    assert stored.startswith("$argon2id$")
    assert extract_parameters(stored) == REAL
    assert passwords.verify_password(stored, "correct horse battery staple")
    assert not passwords.verify_password(stored, "Correct horse battery staple")
    assert not passwords.verify_password(None, "anything")  # the dummy check still says no
    assert not passwords.verify_password("not a hash", "anything")
    assert not passwords.needs_rehash(stored)


def test_a_hash_with_older_parameters_needs_rehashing(real_parameters):
    from argon2 import PasswordHasher

    old = PasswordHasher(time_cost=1, memory_cost=8192).hash("correct horse battery staple")

    assert passwords.needs_rehash(old)
    assert not passwords.needs_rehash(passwords.hash_password("correct horse battery staple"))


@pytest.mark.parametrize(
    ("environ", "cheap"),
    [
        ({"WIZARD_ENV": "test"}, True),
        ({"WIZARD_ENV": " Test "}, True),  # read as wizard.config reads the mode
        ({}, False),  # production is the default
        ({"WIZARD_ENV": "production"}, False),
        ({"WIZARD_ENV": "development"}, False),
        ({"WIZARD_ENV": "testing"}, False),
        ({"WIZARD_ENV": ""}, False),
    ],
)
def test_only_a_test_run_gets_the_cheap_hasher(environ, cheap):
    chosen = extract_parameters(passwords.choose_hasher(environ).hash("x"))
    assert (chosen != REAL) is cheap
    assert chosen.type == REAL.type  # still Argon2id, so a cheap hash is checked the same way
    if cheap:
        assert (chosen.time_cost, chosen.memory_cost, chosen.parallelism) == (1, 8, 1)


def test_this_test_run_hashes_cheaply_and_a_production_process_does_not():
    assert extract_parameters(passwords.hasher().hash("x")).memory_cost == 8
    probe = "from wizard.accounts import passwords; print(passwords.hasher().memory_cost)"
    for mode in ("production", None):
        env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(PROJECT_ROOT)}
        if mode:
            env["WIZARD_ENV"] = mode
        found = subprocess.run(
            [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
        )
        assert int(found.stdout) == REAL.memory_cost, mode


SECRET = pyotp.random_base32()
NOW = 1_800_000_000.0


def code_at(moment: float) -> str:
    return pyotp.TOTP(SECRET).at(moment)


def test_the_current_code_and_its_neighbours_are_accepted():
    step = int(NOW // 30)

    assert totp.accepted_step(SECRET, code_at(NOW), 0, NOW) == step
    assert totp.accepted_step(SECRET, code_at(NOW - 30), 0, NOW) == step - 1
    assert totp.accepted_step(SECRET, " ".join(code_at(NOW)), 0, NOW) == step


def test_an_old_code_is_refused():
    assert totp.accepted_step(SECRET, code_at(NOW - 90), 0, NOW) is None


def test_a_code_is_accepted_once_only():
    step = totp.accepted_step(SECRET, code_at(NOW), 0, NOW)

    assert totp.accepted_step(SECRET, code_at(NOW), step, NOW) is None
    assert totp.accepted_step(SECRET, code_at(NOW - 30), step, NOW) is None


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("", "Enter the 6-digit code from your authenticator app"),
        ("12345", "Code must be 6 digits"),
        ("12a456", "Code must be 6 digits"),
        ("123 456", None),
    ],
)
def test_code_shape_messages(code, problem):
    assert totp.code_problem(code) == problem


def test_the_qr_code_is_an_inline_svg():
    uri = totp.setup_uri(SECRET, "kay@demo.example", "SEND Pathway Planner")

    assert uri.startswith("otpauth://totp/SEND%20Pathway%20Planner:kay%40demo.example?secret=")
    assert totp.qr_svg_data_uri(uri).startswith("data:image/svg+xml")

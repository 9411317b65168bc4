"""Counters that limit how often something may be done in a window: sign-in attempts per email
address and per network address, new sets of answers per network address.

Each counter is a row keyed by a hash, never the address itself; the row's count and the check of
the limit happen in one guarded UPDATE, so the limit holds however many requests arrive at once
and on however many app servers.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import DateTime, case, literal, or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from wizard.storage.staff_models import SignInLimit
from wizard.storage.tokens import digest


def limit_key(kind: str, value: str) -> str:
    """The hashed name of a counter: kind is "email", "address" (sign-in) or "new_answers"."""
    if kind == "email":
        value = value.strip().lower()
    return digest(f"{kind}:{value}")


def take_attempt(
    session: Session, key: str, limit: int, window: timedelta, now: datetime
) -> int | None:
    """Take one of the `limit` attempts the counter allows in its window, before checking anything.

    One guarded UPDATE counts the attempt and checks the limit together, so however many requests
    arrive at once, no more than `limit` get through: it answers the attempts now counted
    (including this one), or None when the limit is reached. A window starts at the first attempt
    and restarts at the attempt that reaches the limit, so a lock lasts the whole window. Commit
    straight after, before the slow check, so other requests see it.
    """
    since = now - window
    at = literal(now, DateTime(timezone=True))
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(
        dialect.insert(SignInLimit)
        .values(key=key, window_start=now, failures=0)
        .on_conflict_do_nothing(index_elements=["key"])
    )
    expired = SignInLimit.window_start < since
    counted = session.execute(
        update(SignInLimit)
        .where(SignInLimit.key == key, or_(expired, SignInLimit.failures < limit))
        .values(
            failures=case((expired, 1), else_=SignInLimit.failures + 1),
            window_start=case(
                (or_(expired, SignInLimit.failures + 1 >= limit), at),
                else_=SignInLimit.window_start,
            ),
        )
        .returning(SignInLimit.failures)
        .execution_options(synchronize_session=False)
    ).scalar()
    return None if counted is None else int(counted)


def give_back_attempt(session: Session, key: str) -> None:
    """A successful attempt does not count against the limit."""
    session.execute(
        update(SignInLimit)
        .where(SignInLimit.key == key, SignInLimit.failures > 0)
        .values(failures=SignInLimit.failures - 1)
        .execution_options(synchronize_session=False)
    )

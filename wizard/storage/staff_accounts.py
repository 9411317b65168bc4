"""Staff accounts: users and their authenticators, invitations, sessions and sign-in attempts
(the limits on attempts are in limits.py; cases are in cases.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from wizard.storage.audit import audit
from wizard.storage.sealing import Sealer
from wizard.storage.staff_models import Invite, SignInAttempt, StaffSession, User
from wizard.storage.tokens import digest, new_token

# Users


def create_user(session: Session, email: str, name: str, role: str) -> User:
    """Add a user who has not yet chosen a password (they accept an invitation first)."""
    user = User(email=email.strip().lower(), name=name.strip(), role=role, active=True)
    session.add(user)
    session.flush()
    return user


def find_user_by_email(session: Session, email: str) -> User | None:
    """A user by email, ignoring case."""
    return session.scalar(select(User).where(User.email == email.strip().lower()))


def list_users(session: Session) -> list[User]:
    """Every user, by name."""
    return list(session.scalars(select(User).order_by(User.name, User.id)))


def keyworkers(session: Session, besides: int | None = None) -> list[User]:
    """Active keyworkers who have finished setting up, by name (for sharing and handing over)."""
    query = select(User).where(
        User.role == "keyworker", User.active.is_(True), User.totp_secret.is_not(None)
    )
    if besides is not None:
        query = query.where(User.id != besides)
    return list(session.scalars(query.order_by(User.name)))


def set_totp_secret(session: Session, user: User, sealer: Sealer, secret: str) -> None:
    """Keep the authenticator secret, sealed with a key of the user's own."""
    owner = f"staff-user:{user.id}"
    key, user.totp_key = sealer.new_data_key(owner)
    user.totp_secret = sealer.seal(key, secret, owner, "totp_secret")
    user.totp_last_step = 0


def totp_secret_of(user: User, sealer: Sealer) -> str | None:
    """The user's authenticator secret, or None before enrolment."""
    if not user.totp_key or not user.totp_secret:
        return None
    owner = f"staff-user:{user.id}"
    key = sealer.unwrap(user.totp_key, owner)
    secret: str = sealer.open(key, user.totp_secret, owner, "totp_secret")
    return secret


def accept_totp_step(session: Session, user_id: int, step: int) -> bool:
    """Record a code's time step unless a later or equal one was used: a code works once only."""
    result = session.execute(
        update(User)
        .where(User.id == user_id, User.totp_last_step < step)
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    return getattr(result, "rowcount", 0) == 1


def set_active(session: Session, user: User, active: bool, now: datetime) -> None:
    """Enable or disable an account; disabling ends its sessions at once."""
    user.active = active
    user.disabled_at = None if active else now
    if not active:
        end_user_sessions(session, user.id, now)


# Invitations


def create_invite(session: Session, user: User, created_by: int | None, now: datetime) -> str:
    """A single-use invitation for 72 hours; returns the token (only its hash is kept).

    Any earlier invitation of theirs that is still open is cancelled: only the newest link works.
    """
    _lock_user(session, user.id)
    cancelled = _cancel_invites(session, user.id, now)
    if cancelled:
        audit(
            session,
            "invites_cancelled",
            case_id=None,
            actor_id=created_by,
            actor="staff" if created_by is not None else "system",
            detail=f"user {user.id}: {cancelled} earlier invitation(s) cancelled by a new one",
            now=now,
        )
    token = new_token()
    session.add(
        Invite(
            token_hash=digest(token),
            user_id=user.id,
            created_by=created_by,
            created_at=now,
            expires_at=now + timedelta(hours=72),
        )
    )
    return token


def find_invite(session: Session, token: str, now: datetime) -> tuple[Invite, User] | None:
    """An unused, unexpired invitation and its user."""
    if not token or len(token) > 100:
        return None
    row = session.execute(
        select(Invite, User)
        .join(User, User.id == Invite.user_id)
        .where(
            Invite.token_hash == digest(token),
            Invite.used_at.is_(None),
            Invite.cancelled_at.is_(None),
        )
    ).first()
    if row is None:
        return None
    invite, user = row
    if _aware(invite.expires_at) <= now or not user.active:
        return None
    return invite, user


def accept_invite(session: Session, invite: Invite, now: datetime) -> bool:
    """Use the invitation (once: a guarded UPDATE) and cancel the person's other open ones.

    False when it was used or cancelled meanwhile (two tabs, or a newer link accepted first).
    """
    _lock_user(session, invite.user_id)
    result = session.execute(
        update(Invite)
        .where(Invite.id == invite.id, Invite.used_at.is_(None), Invite.cancelled_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        return False
    cancelled = _cancel_invites(session, invite.user_id, now)
    audit(
        session,
        "invite_accepted",
        case_id=None,
        actor_id=invite.user_id,
        detail=f"user {invite.user_id}: invitation accepted",
        now=now,
    )
    if cancelled:
        audit(
            session,
            "invites_cancelled",
            case_id=None,
            actor_id=invite.user_id,
            detail=f"user {invite.user_id}: {cancelled} other invitation(s) cancelled on accepting",
            now=now,
        )
    return True


def _cancel_invites(session: Session, user_id: int, now: datetime) -> int:
    """Cancel every open invitation of a user; how many there were."""
    result = session.execute(
        update(Invite)
        .where(Invite.user_id == user_id, Invite.used_at.is_(None), Invite.cancelled_at.is_(None))
        .values(cancelled_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def _lock_user(session: Session, user_id: int) -> None:
    """Hold the user's row until commit, so two invitation changes for one person run in turn.

    PostgreSQL locks the row; SQLite has one writer at a time anyway (FOR UPDATE is left out).
    """
    session.execute(select(User.id).where(User.id == user_id).with_for_update())


def _aware(moment: datetime) -> datetime:
    """SQLite returns naive datetimes for timezone-aware columns: they are UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# Sessions


def start_session(session: Session, user_id: int, now: datetime, verified: bool) -> str:
    """A new signed-in session; returns the cookie token."""
    token = new_token()
    session.add(
        StaffSession(
            id=digest(token), user_id=user_id, verified=verified, created_at=now, last_seen_at=now
        )
    )
    return token


def find_session(session: Session, token: str) -> tuple[StaffSession, User] | None:
    """The live session a cookie token names, and its user."""
    if not token or len(token) > 100:
        return None
    row = session.execute(
        select(StaffSession, User)
        .join(User, User.id == StaffSession.user_id)
        .where(StaffSession.id == digest(token), StaffSession.ended_at.is_(None))
    ).first()
    return (row[0], row[1]) if row is not None else None


def session_times(staff_session: StaffSession) -> tuple[datetime, datetime]:
    """When the session began and when it was last used (timezone-aware)."""
    return _aware(staff_session.created_at), _aware(staff_session.last_seen_at)


def end_session(session: Session, staff_session: StaffSession, now: datetime) -> None:
    """Sign a session out."""
    staff_session.ended_at = now


def end_pending_sessions(session: Session, user_id: int, now: datetime) -> int:
    """End every half-signed-in session (password given, code not yet) of a user; how many."""
    result = session.execute(
        update(StaffSession)
        .where(
            StaffSession.user_id == user_id,
            StaffSession.verified.is_(False),
            StaffSession.ended_at.is_(None),
        )
        .values(ended_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def limit_pending_sessions(
    session: Session, user_id: int, newest: str, keep: int, now: datetime
) -> None:
    """Keep the session just begun (`newest`, a token) and the most recent others, `keep` in all;
    end the older half-signed-in ones. Run after the new session is committed, so that sign-ins at
    the same moment each see the others and no more than `keep` are left."""
    mine = digest(newest)
    pending = (
        StaffSession.user_id == user_id,
        StaffSession.verified.is_(False),
        StaffSession.ended_at.is_(None),
        StaffSession.id != mine,
    )
    kept = (
        select(StaffSession.id)
        .where(*pending)
        .order_by(StaffSession.created_at.desc(), StaffSession.id.desc())
        .limit(max(keep - 1, 0))
    )
    session.execute(
        update(StaffSession)
        .where(*pending, StaffSession.id.not_in(kept))
        .values(ended_at=now)
        .execution_options(synchronize_session=False)
    )


def end_user_sessions(session: Session, user_id: int, now: datetime) -> None:
    """Sign every session of a user out (account disabled, password changed)."""
    session.execute(
        update(StaffSession)
        .where(StaffSession.user_id == user_id, StaffSession.ended_at.is_(None))
        .values(ended_at=now)
        .execution_options(synchronize_session=False)
    )


# Sign-in attempts


def record_attempt(
    session: Session, email: str, address: str, succeeded: bool, now: datetime
) -> None:
    """Note an attempt (hashed email and address only)."""
    session.add(
        SignInAttempt(
            at=now,
            email_hash=digest(email.strip().lower()),
            address_hash=digest(address),
            succeeded=succeeded,
        )
    )

"""Staff accounts, sessions, invitations, sign-in attempts, cases, notes and the audit trail
(the limits on attempts are in limits.py)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from wizard.storage.models import Assessment
from wizard.storage.sealing import Sealer
from wizard.storage.staff_models import (
    AuditEvent,
    Case,
    CaseNote,
    CaseShare,
    Invite,
    SignInAttempt,
    StaffSession,
    User,
)


def digest(text: str) -> str:
    """SHA-256 hex of a token (what is kept instead of it)."""
    return hashlib.sha256(text.encode()).hexdigest()


def new_token() -> str:
    """A random 192-bit URL-safe token."""
    return secrets.token_urlsafe(24)


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
    from datetime import UTC

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


# Cases


def create_case(
    session: Session,
    sealer: Sealer,
    *,
    label: str,
    owner: User,
    assessment_id: int,
    consent_by: str,
    consent_on: date,
    consent_to: list[str],
) -> Case:
    """A new case for a family; it gets a key of its own, which seals its label and notes."""
    case = Case(
        plain_label="",
        owner_id=owner.id,
        assessment_id=assessment_id,
        status="open",
        consent_by=consent_by,
        consent_on=consent_on,
        consent_to=consent_to,
        consent_recorded_by=owner.id,
        data_key="",
    )
    session.add(case)
    session.flush()  # the key and the sealed label are bound to the case's id
    key, case.data_key = sealer.new_data_key(f"case:{case.id}")
    case.sealed_label = sealer.seal(key, label.strip(), f"case:{case.id}", "label")
    return case


def label_of(case: Case, sealer: Sealer) -> str:
    """The case's label, opened: the only way anything reads a label (UnreadableData if altered)."""
    if case.sealed_label is None:  # saved before labels were sealed: sealed when the case changes
        return case.plain_label
    owner = f"case:{case.id}"
    label: str = sealer.open(sealer.unwrap(case.data_key, owner), case.sealed_label, owner, "label")
    return label


def seal_old_label(case: Case, sealer: Sealer) -> bool:
    """Seal a label saved before labels were sealed (migration 0007); whether there was one."""
    if case.sealed_label is not None:
        return False
    owner = f"case:{case.id}"
    key = sealer.unwrap(case.data_key, owner)
    case.sealed_label = sealer.seal(key, case.plain_label, owner, "label")
    case.plain_label = ""
    return True


def _changed(case: Case, sealer: Sealer, now: datetime) -> None:
    """Mark the case changed, sealing a label saved before labels were sealed."""
    seal_old_label(case, sealer)
    case.updated_at = now


def may_work_on(session: Session, user: User, case_id: int) -> Case | None:
    """The case, if this user may see and work on it (its keyworker, or a colleague it is shared
    with); otherwise None, which every route turns into "page not found"."""
    if user.role != "keyworker" or not user.active:
        return None
    shared = select(CaseShare.case_id).where(CaseShare.user_id == user.id)
    return session.scalar(
        select(Case).where(Case.id == case_id, or_(Case.owner_id == user.id, Case.id.in_(shared)))
    )


#: A caseload row: (case, its label, keyworker's name, answers' status, last updated, shared with
#: me, the family's reference).
CaseloadRow = tuple[Case, str, str, str | None, datetime | None, bool, str | None]


def caseload(
    session: Session, user: User, sealer: Sealer, search: str = "", status: str = ""
) -> list[CaseloadRow]:
    """A keyworker's cases, most recently changed first: (case, its label, keyworker's name,
    answers' status, last updated, shared with me, the family's reference).

    `search` finds words in the label or the reference, ignoring case. Labels are sealed, so the
    database cannot search them: the keyworker's own cases are read and opened, then filtered here.
    """
    shared = select(CaseShare.case_id).where(CaseShare.user_id == user.id)
    query = (
        select(Case, User.name, Assessment.status, Assessment.updated_at, Assessment.reference)
        .join(User, User.id == Case.owner_id)
        .outerjoin(Assessment, Assessment.id == Case.assessment_id)
        .where(or_(Case.owner_id == user.id, Case.id.in_(shared)))
    )
    if status in ("open", "closed"):
        query = query.where(Case.status == status)
    rows = session.execute(query.order_by(Case.updated_at.desc(), Case.id.desc())).all()
    wanted = search.casefold()
    found: list[CaseloadRow] = []
    for held, owner_name, answers_status, updated, reference in rows:
        label = label_of(held, sealer)
        if wanted and wanted not in label.casefold() and wanted not in (reference or "").casefold():
            continue
        found.append(
            (held, label, owner_name, answers_status, updated, held.owner_id != user.id, reference)
        )
    return found


def shared_with(session: Session, case_id: int) -> list[User]:
    """Colleagues a case is shared with."""
    query = (
        select(User)
        .join(CaseShare, CaseShare.user_id == User.id)
        .where(CaseShare.case_id == case_id)
        .order_by(User.name)
    )
    return list(session.scalars(query))


def share(
    session: Session, sealer: Sealer, case: Case, colleague_id: int, by: int, now: datetime
) -> None:
    """Share the case with a colleague (idempotent)."""
    if session.get(CaseShare, (case.id, colleague_id)) is None:
        session.add(CaseShare(case_id=case.id, user_id=colleague_id, granted_by=by, granted_at=now))
    _changed(case, sealer, now)


def unshare(session: Session, sealer: Sealer, case: Case, colleague_id: int, now: datetime) -> None:
    """Stop sharing the case with a colleague."""
    found = session.get(CaseShare, (case.id, colleague_id))
    if found is not None:
        session.delete(found)
    _changed(case, sealer, now)


def hand_over(
    session: Session, sealer: Sealer, case: Case, new_owner_id: int, now: datetime
) -> None:
    """Give the case to another keyworker; the previous one no longer sees it unless shared."""
    found = session.get(CaseShare, (case.id, new_owner_id))
    if found is not None:
        session.delete(found)
    case.owner_id = new_owner_id
    _changed(case, sealer, now)


def set_case_status(
    session: Session, sealer: Sealer, case: Case, status: str, now: datetime
) -> None:
    """Close or reopen a case."""
    case.status = status
    case.closed_at = now if status == "closed" else None
    _changed(case, sealer, now)


def add_note(
    session: Session, sealer: Sealer, case: Case, author_id: int, text: str, now: datetime
) -> None:
    """Add a note, sealed with the case's key."""
    owner = f"case:{case.id}"
    key = sealer.unwrap(case.data_key, owner)
    session.add(
        CaseNote(
            case_id=case.id,
            author_id=author_id,
            created_at=now,
            body=sealer.seal(key, text, owner, "note"),
        )
    )
    _changed(case, sealer, now)


def notes_of(session: Session, sealer: Sealer, case: Case) -> list[tuple[str, datetime, str]]:
    """The case's notes, newest first: (author's name, when, text)."""
    owner = f"case:{case.id}"
    key = sealer.unwrap(case.data_key, owner)
    query = (
        select(CaseNote, User.name)
        .join(User, User.id == CaseNote.author_id)
        .where(CaseNote.case_id == case.id)
        .order_by(CaseNote.created_at.desc(), CaseNote.id.desc())
    )
    return [
        (name, note.created_at, sealer.open(key, note.body, owner, "note"))
        for note, name in session.execute(query)
    ]


# Audit


def audit(
    session: Session,
    action: str,
    *,
    case_id: int | None,
    actor_id: int | None = None,
    actor: str = "staff",
    detail: str = "",
    now: datetime | None = None,
) -> None:
    """Append an audit event (never the answers themselves)."""
    event: dict[str, Any] = {
        "action": action,
        "case_id": case_id,
        "actor_id": actor_id,
        "actor": actor,
        "detail": detail[:500],
    }
    if now is not None:
        event["at"] = now
    session.add(AuditEvent(**event))


def audit_trail(session: Session, case_id: int) -> list[tuple[AuditEvent, str | None]]:
    """A case's audit events, oldest first, with the actor's name."""
    query = (
        select(AuditEvent, User.name)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(AuditEvent.case_id == case_id)
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    return [(event, name) for event, name in session.execute(query)]


def any_case(session: Session, case_id: int) -> Case | None:
    """A case by id, for an admin reading its audit trail (no case data is shown with it)."""
    return session.get(Case, case_id)

"""Staff accounts, their sessions and invitations, keyworkers' cases, and the access audit."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from wizard.storage.models import Base, utcnow

ROLES = ("keyworker", "editor", "admin", "provider", "insight")


class User(Base):
    """A member of staff. Passwords are Argon2id hashes; the TOTP secret is sealed."""

    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(255), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(16))
    #: Empty until the invitation is accepted and a password chosen.
    password_hash: Mapped[str | None] = mapped_column(String(255), nullable=True)
    #: The authenticator secret, sealed with a key of its own (wrapped by the server key).
    totp_key: Mapped[str | None] = mapped_column(String(120), nullable=True)
    totp_secret: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    #: The last 30-second step a code was accepted for: a code is never accepted twice.
    totp_last_step: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    disabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class StaffSession(Base):
    """A signed-in browser. The cookie holds a random token; only its hash is kept here, so signing
    out or disabling an account ends the session at once, on every worker."""

    __tablename__ = "staff_session"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("staff_user.id", ondelete="CASCADE"), index=True
    )
    #: False until the second factor is given (or, before enrolment, set up).
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class Invite(Base):
    """A single-use link to choose a password and set up the authenticator; it expires."""

    __tablename__ = "staff_invite"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    user_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("staff_user.id", ondelete="CASCADE"), index=True
    )
    created_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    #: Set when a newer invitation for the same person was made, or another one was accepted.
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class SignInLimit(Base):
    """How many sign-in attempts an email address (or a network address) has used in its window,
    and how many new sets of answers a network address has started (wizard/storage/limits.py).

    An attempt takes its place here, in one guarded UPDATE, *before* a password or code is checked,
    so the limit holds however many requests arrive at once; a successful attempt gives it back.
    `key` is a hash ("email:...", "address:..." or "new_answers:..."), never the address itself.
    """

    __tablename__ = "staff_sign_in_limit"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    failures: Mapped[int] = mapped_column(Integer, default=0)


class SignInAttempt(Base):
    """A sign-in attempt, for rate limiting: hashed email and address, never the password."""

    __tablename__ = "staff_sign_in_attempt"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    email_hash: Mapped[str] = mapped_column(String(64), index=True)
    address_hash: Mapped[str] = mapped_column(String(64), index=True)
    succeeded: Mapped[bool] = mapped_column(Boolean, default=False)


class Case(Base):
    """A family a keyworker supports: a label (no full names needed), consent, and their answers."""

    __tablename__ = "staff_case"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: The label in the clear: only for cases saved before labels were sealed (empty since; a
    #: label is sealed the next time its case changes). Read labels with staff.label_of.
    plain_label: Mapped[str] = mapped_column("label", String(80), default="")
    #: The label (it can hold a name), sealed with the case's key; empty only for older cases.
    sealed_label: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    assessment_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("assessment.id", ondelete="SET NULL"), nullable=True, index=True
    )
    owner_id: Mapped[int] = mapped_column(Integer, ForeignKey("staff_user.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="open")
    consent_by: Mapped[str] = mapped_column(String(32))
    consent_on: Mapped[date] = mapped_column(Date)
    consent_to: Mapped[list[str]] = mapped_column(JSON, default=list)
    consent_recorded_by: Mapped[int] = mapped_column(Integer)
    #: The case's own key for its label and notes, wrapped by the server key.
    data_key: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class CaseShare(Base):
    """A named colleague the case is shared with (the owner decides)."""

    __tablename__ = "staff_case_share"

    case_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("staff_case.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("staff_user.id", ondelete="CASCADE"), primary_key=True
    )
    granted_by: Mapped[int] = mapped_column(Integer)
    granted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CaseNote(Base):
    """A keyworker's note on a case, sealed with the case's key."""

    __tablename__ = "staff_case_note"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("staff_case.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(Integer, ForeignKey("staff_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)


class AuditEvent(Base):
    """Who did what to which case, and when: append-only (database triggers refuse changes).

    Never the answers: `detail` holds question ids, a colleague's user id or a status.
    """

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    actor: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(32))
    case_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    detail: Mapped[str] = mapped_column(Text, default="")


class ProviderOrganization(Base):
    """The one organisation a provider account belongs to: the only listings they see and propose
    changes to (ADR 0033). A table of its own, so staff_user is never rebuilt to add it."""

    __tablename__ = "staff_provider"

    user_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("staff_user.id", ondelete="CASCADE"), primary_key=True
    )
    organization_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("dir_organization.id"), index=True
    )


class ListingChange(Base):
    """A provider's proposed change to one of their listings, waiting for an editor, approved,
    returned with a reason or withdrawn by the provider (wizard/storage/listing_changes.py).

    `changes` holds only the fields that differ from the listing, by name; `before` holds those
    fields as they were when it was proposed.
    """

    __tablename__ = "dir_listing_change"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    service_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("dir_service.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    proposed_by: Mapped[int] = mapped_column(Integer, ForeignKey("staff_user.id"))
    proposed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)
    before: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: "pending", "approved", "returned" or "withdrawn".
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    #: Who closed it and when: the editor who decided it, or the provider who withdrew it.
    decided_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    #: Why an editor returned it, shown to the provider.
    return_reason: Mapped[str] = mapped_column(Text, default="")

"""The audit trail: who did what to a case or an account, and when (never the answers themselves)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from wizard.storage.staff_models import AuditEvent, User


class AuditRow(NamedTuple):
    """An audit event and the name of the person who did it (None for the family or the system)."""

    event: AuditEvent
    actor_name: str | None


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


def audit_trail(session: Session, case_id: int) -> list[AuditRow]:
    """A case's audit events, oldest first, with the actor's name."""
    query = (
        select(AuditEvent, User.name)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(AuditEvent.case_id == case_id)
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    return [AuditRow(event=event, actor_name=name) for event, name in session.execute(query)]

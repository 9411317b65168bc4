"""Cases: a family's label and consent, who works on it (sharing, handing over), status and notes.

Labels and notes are sealed with the case's own key; this module is the only place that opens them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from wizard.storage.models import Assessment
from wizard.storage.sealing import Sealer
from wizard.storage.staff_models import Case, CaseNote, CaseShare, User


class CaseloadRow(NamedTuple):
    """One line of a keyworker's caseload."""

    case: Case
    label: str
    keyworker: str
    answers_status: str | None
    updated: datetime | None
    shared_with_me: bool
    reference: str | None


class Note(NamedTuple):
    """A case note, opened."""

    author: str
    at: datetime
    text: str


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


def caseload(
    session: Session, user: User, sealer: Sealer, search: str = "", status: str = ""
) -> list[CaseloadRow]:
    """A keyworker's cases, most recently changed first, one `CaseloadRow` each.

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
            CaseloadRow(
                case=held,
                label=label,
                keyworker=owner_name,
                answers_status=answers_status,
                updated=updated,
                shared_with_me=held.owner_id != user.id,
                reference=reference,
            )
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


def notes_of(session: Session, sealer: Sealer, case: Case) -> list[Note]:
    """The case's notes, newest first."""
    owner = f"case:{case.id}"
    key = sealer.unwrap(case.data_key, owner)
    query = (
        select(CaseNote, User.name)
        .join(User, User.id == CaseNote.author_id)
        .where(CaseNote.case_id == case.id)
        .order_by(CaseNote.created_at.desc(), CaseNote.id.desc())
    )
    return [
        Note(author=name, at=note.created_at, text=sealer.open(key, note.body, owner, "note"))
        for note, name in session.execute(query)
    ]


def any_case(session: Session, case_id: int) -> Case | None:
    """A case by id, for an admin reading its audit trail (no case data is shown with it)."""
    return session.get(Case, case_id)

"""Assessments: create, find by private link, save with a version check, delete."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import Connection, Executable, Table, bindparam, select
from sqlalchemy import delete as sa_delete
from sqlalchemy import update as sa_update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from wizard.storage.models import Assessment, utcnow
from wizard.storage.sealing import Sealer, owner_of
from wizard.storage.staff_models import Case
from wizard.storage.tokens import digest, new_token

#: Letters and digits that cannot be mistaken for each other when read out (no 0/O, 1/I/L, U/V).
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ23456789"


def new_reference() -> str:
    """A short reference to quote to a keyworker, like K7F-3QX-9MP (about 43 bits)."""
    letters = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(9))
    return f"{letters[:3]}-{letters[3:6]}-{letters[6:]}"


SEALED = ("answers", "answer_versions", "passed", "plan")
EMPTY: dict[str, Any] = {"answers": {}, "answer_versions": {}, "passed": [], "plan": None}


def create(
    session: Session, content_version: str, known_nodes: list[str], sealer: Sealer | None = None
) -> tuple[Assessment, str]:
    """Add a new, empty assessment; return it with its private token (shown once, never stored).

    With a sealer (always, in the app) its answers are encrypted from the start. The caller commits.
    """
    for _attempt in range(5):
        token = new_token()
        hashed = digest(token)
        state: dict[str, Any] = dict(EMPTY)
        wrapped = None
        if sealer is not None:
            owner = owner_of(hashed)
            data_key, wrapped = sealer.new_data_key(owner)
            state = {
                column: sealer.seal(data_key, value, owner, column)
                for column, value in EMPTY.items()
            }
        assessment = Assessment(
            token_hash=hashed,
            reference=new_reference(),
            content_version=content_version,
            known_nodes=known_nodes,
            status="in_progress",
            data_key=wrapped,
            version=1,
            **state,
        )
        try:
            with session.begin_nested():
                session.add(assessment)
        except IntegrityError:  # a reference already in use: draw another
            continue
        return assessment, token
    raise RuntimeError("could not draw a unique reference")


@dataclass
class AssessmentRecord:
    """An assessment read with one plain query (no ORM object), its sealed columns opened.

    The journey reads one on every page. `key` is the opened data key (None for a row saved before
    sealing, which gets one on its next save); it is never stored in this form. The plan snapshot
    is opened only when `plan` is first read: it is the largest column, and only the plan page,
    the downloads and a new private link need it.
    """

    id: int
    token_hash: str
    reference: str
    content_version: str
    known_nodes: list[str]
    answers: dict[str, Any]
    answer_versions: dict[str, int]
    passed: list[str]
    answered_by: dict[str, str]
    status: str
    version: int
    key: bytes | None = field(default=None, repr=False)
    #: The keyworker case these answers belong to, if any (read in the same query).
    case_id: int | None = None
    _plan: dict[str, Any] | None = field(default=None, repr=False)
    _open_plan: Callable[[], dict[str, Any] | None] | None = field(default=None, repr=False)

    @property
    def plan(self) -> dict[str, Any] | None:
        """The saved plan snapshot (opened on first use), or None before the plan is made."""
        if self._open_plan is not None:
            self._plan, self._open_plan = self._open_plan(), None
        return self._plan

    @plan.setter
    def plan(self, value: dict[str, Any] | None) -> None:
        self._plan, self._open_plan = value, None


_TABLE: Table = Assessment.__table__  # type: ignore[assignment]
_CASE: Table = Case.__table__  # type: ignore[assignment]
_FIELDS = [
    _TABLE.c[name]
    for name in AssessmentRecord.__dataclass_fields__
    if name not in ("key", "case_id", "_plan", "_open_plan")
] + [
    _TABLE.c.plan,
    _TABLE.c.data_key,
    select(_CASE.c.id)
    .where(_CASE.c.assessment_id == _TABLE.c.id)
    .limit(1)
    .scalar_subquery()
    .label("case_id"),
]


# Module constants: SQLAlchemy's statement cache compiles each once per engine and reuses it.
_BY_TOKEN = select(*_FIELDS).where(_TABLE.c.token_hash == bindparam("hash"))
_BY_ID = select(*_FIELDS).where(_TABLE.c.id == bindparam("id"))

#: A statement that is the whole unit of work needs no BEGIN and COMMIT round trips of its own.
_ALONE = {"isolation_level": "AUTOCOMMIT"}

_T = TypeVar("_T")


def _one_statement(session: Session, run: Callable[[Connection], _T]) -> _T:
    """Run one statement as its own unit of work, or inside the session's transaction if one is open.

    With no transaction open (nothing read or waiting to be written), the statement runs on a
    connection in AUTOCOMMIT and the session's transaction ends with it: the connection goes back to
    the pool, which resets its isolation level, so whatever the session does next is transactional
    again. With one open, the statement joins it (a keyworker's audit row and the save it records
    commit together, and a read sees the session's own unsaved rows); the caller commits.
    """
    if session.in_transaction():
        return run(session.connection())
    try:
        found = run(session.connection(execution_options=_ALONE))
    except BaseException:
        session.rollback()
        raise
    session.commit()
    return found


def _first(
    session: Session, statement: Executable, params: dict[str, Any]
) -> dict[str, Any] | None:
    """The first row of a read as a dict of column key to value, or None."""
    row = _one_statement(
        session, lambda connection: connection.execute(statement, params).mappings().first()
    )
    return dict(row) if row is not None else None


def _save_guarded(session: Session, record: AssessmentRecord, stored: dict[str, Any]) -> None:
    """UPDATE the row only where its id and version still match; commits, or raises StaleRecord.

    The only optimistic lock on assessments: the ORM mapping keeps no version counter of its own.
    """
    statement = (
        sa_update(_TABLE)
        .where(_TABLE.c.id == record.id, _TABLE.c.version == record.version)
        .values(stored)
    )
    changed = _one_statement(session, lambda connection: connection.execute(statement).rowcount)
    if changed != 1:
        session.rollback()
        raise StaleRecord(record.id)
    session.commit()


class StaleRecord(RuntimeError):
    """Someone saved the assessment after it was read: read it again before saving."""


def _record(values: dict[str, Any], sealer: Sealer) -> AssessmentRecord:
    wrapped = values.pop("data_key")
    plan = values.pop("plan")
    if not wrapped:  # saved before sealing: plain values, sealed on the next save
        return AssessmentRecord(**values, _plan=plan)
    owner = owner_of(values["token_hash"])
    key = sealer.unwrap(wrapped, owner)
    for column in SEALED:
        if column != "plan":
            values[column] = sealer.open(key, values[column], owner, column)
    return AssessmentRecord(
        **values, key=key, _open_plan=lambda: sealer.open(key, plan, owner, "plan")
    )


def find_by_token(session: Session, token: str, sealer: Sealer) -> AssessmentRecord | None:
    """The assessment a private link opens, if it still exists (UnreadableData if tampered with)."""
    if not token or len(token) > 100:
        return None
    row = _first(session, _BY_TOKEN, {"hash": digest(token)})
    return _record(row, sealer) if row is not None else None


def find_by_id(session: Session, assessment_id: int, sealer: Sealer) -> AssessmentRecord | None:
    """An assessment by id: only for a keyworker whose access to its case was checked first."""
    row = _first(session, _BY_ID, {"id": assessment_id})
    return _record(row, sealer) if row is not None else None


def new_private_link(session: Session, record: AssessmentRecord, sealer: Sealer) -> str:
    """Give the answers a new private link (the old one stops working); returns its token.

    The sealed columns are bound to the link's hash, so they are sealed again under the new one,
    with a new data key. Raises StaleRecord if the answers were saved meanwhile; commits.
    """
    token = new_token()
    hashed = digest(token)
    owner = owner_of(hashed)
    key, wrapped = sealer.new_data_key(owner)
    stored: dict[str, Any] = {
        column: sealer.seal(key, getattr(record, column), owner, column) for column in SEALED
    }
    _save_guarded(
        session,
        record,
        {
            "token_hash": hashed,
            "data_key": wrapped,
            "version": record.version + 1,
            "updated_at": utcnow(),
            **stored,
        },
    )
    record.token_hash, record.key, record.version = hashed, key, record.version + 1
    return token


def all_records(session: Session, sealer: Sealer) -> list[AssessmentRecord]:
    """Every assessment, opened, oldest first (for tests and administration, never for a family)."""
    rows = session.connection().execute(select(*_FIELDS).order_by(_TABLE.c.id)).all()
    return [_record(dict(row._mapping), sealer) for row in rows]


def reload(session: Session, record: AssessmentRecord, sealer: Sealer) -> AssessmentRecord | None:
    """The record as it is saved now (None if it was deleted meanwhile)."""
    row = _first(session, _BY_ID, {"id": record.id})
    return _record(row, sealer) if row is not None else None


def update(session: Session, record: AssessmentRecord, sealer: Sealer, **changes: Any) -> None:
    """Save changes only if nobody saved since `record` was read (optimistic locking); commits.

    Answers, versions, passed pages and the plan are sealed. Raises StaleRecord when the version
    moved on; `record` is updated in place on success.
    """
    values = {**changes, "version": record.version + 1, "updated_at": utcnow()}
    owner = owner_of(record.token_hash)
    key = record.key
    stored = dict(values)
    if key is None:  # first save since sealing began: seal every column, not only the changed ones
        key, stored["data_key"] = sealer.new_data_key(owner)
        for column in SEALED:
            stored.setdefault(column, getattr(record, column))
    for column in SEALED:
        if column in stored:
            stored[column] = sealer.seal(key, stored[column], owner, column)
    _save_guarded(session, record, stored)
    record.key = key
    for name, value in values.items():
        if name == "plan" or name in AssessmentRecord.__dataclass_fields__:
            setattr(record, name, value)


def purge_idle(session: Session, unfinished_days: int, finished_days: int, now: datetime) -> int:
    """Hard-delete assessments idle too long (unfinished after N days, with a plan after M days)."""
    unfinished = (Assessment.status != "finished") & (
        Assessment.updated_at < now - timedelta(days=unfinished_days)
    )
    finished = (Assessment.status == "finished") & (
        Assessment.updated_at < now - timedelta(days=finished_days)
    )
    result = session.execute(sa_delete(Assessment).where(unfinished | finished))
    session.commit()
    return int(getattr(result, "rowcount", 0) or 0)


def delete(session: Session, record: AssessmentRecord) -> None:
    """Remove the assessment and everything in it; commits."""
    session.connection().execute(sa_delete(_TABLE).where(_TABLE.c.id == record.id))
    session.commit()

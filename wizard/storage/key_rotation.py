"""Rotating DATA_KEY: every stored data key is unwrapped with the old server key and wrapped again
with the new one (the sealed values themselves keep their own data keys and are not touched).

Resumable: a key the new server key already opens is left as it is, and each batch commits on its
own, so a rotation stopped half way is finished by running it again. Verified: afterwards every
wrapped key is unwrapped with the new key and every sealed value is opened through the same reads
the app uses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from wizard.storage import (
    assessments,
    cases,
    feedback,
    insight,
    listing_reports,
    local_offer_comments,
    staff_accounts,
)
from wizard.storage.directory_models import ListingReport
from wizard.storage.insight import InsightPending, InsightSectionPending
from wizard.storage.models import Assessment, Feedback, LocalOfferComment, PlanAnswerPending
from wizard.storage.sealing import Sealer, UnreadableData, owner_of
from wizard.storage.staff_models import Case, User

BATCH = 200


@dataclass(frozen=True)
class WrappedKeys:
    """One table's wrapped keys: the model, its key column and how the key's owner is named."""

    name: str
    model: Any
    column: str
    owner: Callable[[Any], str]
    #: The column batches are paged by (ascending, unique).
    key: str = "id"


#: Every column that holds a data key wrapped by DATA_KEY, with the owner it is bound to (the same
#: names as the code that seals with it: wizard/storage/assessments.py, staff.py and feedback.py).
TABLES = (
    WrappedKeys("answers", Assessment, "data_key", lambda row: owner_of(row.token_hash)),
    WrappedKeys("cases", Case, "data_key", lambda row: f"case:{row.id}"),
    WrappedKeys("staff authenticators", User, "totp_key", lambda row: f"staff-user:{row.id}"),
    WrappedKeys("feedback", Feedback, "data_key", feedback.owner_of),
    WrappedKeys(
        "Local Offer comments", LocalOfferComment, "data_key", local_offer_comments.owner_of
    ),
    WrappedKeys("listing problem reports", ListingReport, "data_key", listing_reports.owner_of),
    WrappedKeys(
        "insight records waiting", InsightPending, "data_key", insight.pending_owner, key="ref"
    ),
    WrappedKeys(
        "sections reached waiting",
        InsightSectionPending,
        "data_key",
        insight.section_pending_owner,
        key="ref",
    ),
    WrappedKeys(
        "plan answers waiting",
        PlanAnswerPending,
        "data_key",
        local_offer_comments.pending_owner,
        key="ref",
    ),
)


@dataclass
class RotationReport:
    """What a rotation did, table by table, and the rows it could not read with either key."""

    rotated: dict[str, int] = field(default_factory=dict)
    already: dict[str, int] = field(default_factory=dict)
    unreadable: list[tuple[str, int]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Every key is now wrapped by the new server key."""
        return not self.unreadable

    def lines(self) -> Iterator[str]:
        """The report, a line a table, then each unreadable row (table and id, nothing personal)."""
        for table in TABLES:
            yield (
                f"{table.name}: {self.rotated.get(table.name, 0)} keys wrapped again, "
                f"{self.already.get(table.name, 0)} already under the new key"
            )
        for name, row_id in self.unreadable:
            yield f"cannot be opened with either key: {name} id {row_id}"


def rotate(
    sessions: sessionmaker[Session], old: Sealer, new: Sealer, batch: int = BATCH
) -> RotationReport:
    """Wrap every stored data key again with `new`, in batches that each commit; idempotent."""
    report = RotationReport()
    for table in TABLES:
        column, key = getattr(table.model, table.column), getattr(table.model, table.key)
        last: Any = None
        while True:
            with sessions() as session, session.begin():
                query = select(table.model).where(column.is_not(None), column != "")
                if last is not None:
                    query = query.where(key > last)
                rows = list(session.scalars(query.order_by(key).limit(batch).with_for_update()))
                for row in rows:
                    _rotate_row(table, row, old, new, report)
            if len(rows) < batch:
                break
            last = getattr(rows[-1], table.key)
    return report


def _rotate_row(
    table: WrappedKeys, row: Any, old: Sealer, new: Sealer, report: RotationReport
) -> None:
    wrapped, owner = getattr(row, table.column), table.owner(row)
    try:
        new.unwrap(wrapped, owner)
        report.already[table.name] = report.already.get(table.name, 0) + 1
        return
    except UnreadableData:
        pass
    try:
        data_key = old.unwrap(wrapped, owner)
    except UnreadableData:
        report.unreadable.append((table.name, getattr(row, table.key)))
        return
    setattr(row, table.column, new.wrap(data_key, owner))
    report.rotated[table.name] = report.rotated.get(table.name, 0) + 1


def verify(sessions: sessionmaker[Session], sealer: Sealer) -> list[tuple[str, int]]:
    """Open every sealed value with `sealer` through the app's own reads; the rows that fail."""
    failed: list[tuple[str, int]] = []
    with sessions() as session:
        for assessment_id in session.scalars(
            select(Assessment.id).where(Assessment.data_key.is_not(None), Assessment.data_key != "")
        ):
            try:
                record = assessments.find_by_id(session, assessment_id, sealer)
                if record is not None:
                    _ = record.plan  # opened only when read
            except UnreadableData:
                failed.append(("answers", assessment_id))
        for case in session.scalars(select(Case).order_by(Case.id)):
            try:
                cases.label_of(case, sealer)
                cases.notes_of(session, sealer, case)
            except UnreadableData:
                failed.append(("cases", case.id))
        for user in session.scalars(select(User)):
            try:
                staff_accounts.totp_secret_of(user, sealer)
            except UnreadableData:
                failed.append(("staff authenticators", user.id))
        for row in session.scalars(select(Feedback).order_by(Feedback.id)):
            try:
                feedback.comments_of(row, sealer)
            except UnreadableData:
                failed.append(("feedback", row.id))
        for comment in session.scalars(select(LocalOfferComment).order_by(LocalOfferComment.id)):
            try:
                local_offer_comments.words_of(sealer, comment)
            except UnreadableData:
                failed.append(("Local Offer comments", comment.id))
        for report in session.scalars(select(ListingReport).order_by(ListingReport.id)):
            try:
                listing_reports.opened(report, "", sealer)
            except UnreadableData:
                failed.append(("listing problem reports", report.id))
        for pending in session.scalars(select(InsightPending).order_by(InsightPending.ref)):
            try:
                insight.open_pending(sealer, pending)
            except UnreadableData:
                failed.append(("insight records waiting", 0))  # no id to name: it has none
        for section in session.scalars(
            select(InsightSectionPending).order_by(InsightSectionPending.ref)
        ):
            try:
                insight.open_section_pending(sealer, section)
            except UnreadableData:
                failed.append(("sections reached waiting", 0))  # no id either
        for answer in session.scalars(select(PlanAnswerPending).order_by(PlanAnswerPending.ref)):
            try:
                local_offer_comments.open_plan_answer(sealer, answer)
            except UnreadableData:
                failed.append(("plan answers waiting", 0))  # no id either
    return failed

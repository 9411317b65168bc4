"""Insight's tables and queries: anonymous records of finished plans, and sections reached a month.

Neither table has a column in common with an assessment, a time finer than a month, or an order
that follows the order of events: a record's key is random and, on SQLite, the table keeps no rowid
(ADR 0035). Nothing is counted in a family's own save: a finished plan and a section reached wait
sealed, and reach the counts in shuffled batches of their own (ADR 0041). Queries return counts
only; wizard/core/insight.py suppresses them before anyone sees them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from datetime import date
from typing import Any

from sqlalchemy import JSON, Index, Integer, String, Text, delete, func, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from wizard.core.insight import AnonymousPlan
from wizard.storage import local_offer_comments
from wizard.storage.batches import RELEASE_AT, forget, new_ref, shuffled, take_waiting
from wizard.storage.models import Base
from wizard.storage.sealing import Sealer

#: Anonymous records are kept this many months by default (INSIGHT_RETENTION_MONTHS).
RETENTION_MONTHS = 36
#: The columns a view counts (each has an index with the month).
COUNTED = ("age_band", "setting", "ehc_status")
#: The journey's "reached" counter for a plan finished (the sections are the graph's own ids).
FINISHED = "plan_finished"


class InsightPlan(Base):
    """The anonymous record of one finished plan (wizard.core.insight.AnonymousPlan)."""

    __tablename__ = "insight_plan"
    # One index a measure, month first: each view's counts are read from its index alone. No
    # rowid: SQLite would otherwise keep rows in the order they were written.
    __table_args__ = (
        *(Index(f"ix_insight_plan_{name}", "month", name) for name in COUNTED),
        {"sqlite_with_rowid": False},
    )

    #: Random, so it says nothing about when or after which other plan it was written.
    ref: Mapped[str] = mapped_column(String(32), primary_key=True)
    month: Mapped[str] = mapped_column(String(7))
    age_band: Mapped[str] = mapped_column(String(16))
    setting: Mapped[str] = mapped_column(String(40))
    ehc_status: Mapped[str] = mapped_column(String(40))
    #: Option values and action ids, separated by spaces (ids never hold one).
    needs_areas: Mapped[str] = mapped_column(Text, default="")
    actions: Mapped[str] = mapped_column(Text, default="")
    unmet: Mapped[str] = mapped_column(Text, default="")


class InsightPending(Base):
    """An anonymous record waiting to join the others, sealed (wizard.storage.insight.hold_plan).

    Written in the transaction that finishes the plan, a record would share that transaction's
    marks (PostgreSQL's xmin, a row's place on disk) with the assessment, and could be joined back
    to it. So it waits here sealed, and `release_pending` moves a batch of at least RELEASE_AT, in
    a shuffled order, in a transaction of its own (ADR 0035).
    """

    __tablename__ = "insight_pending"
    __table_args__ = ({"sqlite_with_rowid": False},)

    ref: Mapped[str] = mapped_column(String(32), primary_key=True)
    data_key: Mapped[str] = mapped_column(String(120))
    sealed: Mapped[dict[str, Any]] = mapped_column(JSON)


class InsightSectionPending(Base):
    """A set of answers that first reached a section, waiting to be counted, its section sealed
    (wizard.storage.insight.hold_section_reached).

    Bumped in the family's save, the counter would carry that save's PostgreSQL xmin, and say which
    assessment reached which section. So the event waits here, with a random key, no rowid and only
    its month in the clear (for the retention purge), and `release_sections` counts a shuffled batch
    of at least RELEASE_AT in a transaction of its own (ADR 0041).
    """

    __tablename__ = "insight_section_pending"
    __table_args__ = ({"sqlite_with_rowid": False},)

    ref: Mapped[str] = mapped_column(String(32), primary_key=True)
    #: The month it was reached: the family's save already tells this much, and no more.
    month: Mapped[str] = mapped_column(String(7))
    data_key: Mapped[str] = mapped_column(String(120))
    sealed: Mapped[dict[str, Any]] = mapped_column(JSON)


class InsightSectionReached(Base):
    """How many sets of answers first reached a section of the questions in a month: no ids."""

    __tablename__ = "insight_section_reached"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    section: Mapped[str] = mapped_column(String(40), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class InsightCount(Base):
    """A month's count of finished plans holding a value of a listed measure (needs areas, actions,
    unmet actions, and unmet actions by needs area), kept up as records are written: a GROUP BY
    over 100,000 different lists is too slow for a page (ADR 0035). No ids."""

    __tablename__ = "insight_count"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    measure: Mapped[str] = mapped_column(String(16), primary_key=True)
    value: Mapped[str] = mapped_column(String(80), primary_key=True)
    #: The needs area, for unmet actions by needs area ("" otherwise).
    area: Mapped[str] = mapped_column(String(40), primary_key=True, default="")
    count: Mapped[int] = mapped_column(Integer, default=0)


#: The needs area counted for an unmet action when the family named none.
NO_AREA = "none_named"


def pending_owner(pending: InsightPending) -> str:
    """The associated-data name a waiting record's key and sealed values are bound to."""
    return f"insight-pending:{pending.ref}"


def hold_plan(session: Session, sealer: Sealer, plan: AnonymousPlan) -> None:
    """Keep a finished plan's anonymous record sealed until a batch is released (the caller's save
    commits it): nothing readable is written in the finishing transaction."""
    pending = InsightPending(ref=new_ref(), data_key="", sealed={})
    key, pending.data_key = sealer.new_data_key(pending_owner(pending))
    pending.sealed = sealer.seal(key, asdict(plan), pending_owner(pending), "plan")
    session.add(pending)


def open_pending(sealer: Sealer, pending: InsightPending) -> AnonymousPlan:
    """A waiting record, opened (UnreadableData if it was altered)."""
    key = sealer.unwrap(pending.data_key, pending_owner(pending))
    raw = sealer.open(key, pending.sealed, pending_owner(pending), "plan")
    return AnonymousPlan(
        month=str(raw["month"]),
        age_band=str(raw["age_band"]),
        setting=str(raw["setting"]),
        ehc_status=str(raw["ehc_status"]),
        needs_areas=tuple(raw["needs_areas"]),
        actions=tuple(raw["actions"]),
        unmet=tuple(raw["unmet"]),
    )


def release_pending(session: Session, sealer: Sealer, at_least: int = RELEASE_AT) -> int:
    """Move the waiting records into the counts, shuffled, when there are at least `at_least`;
    commits; how many were moved (run daily by `flask assessments purge`)."""
    waiting = take_waiting(session, InsightPending)
    if not waiting or len(waiting) < at_least:
        return 0
    plans = shuffled(open_pending(sealer, pending) for pending in waiting)
    forget(session, InsightPending, waiting)
    for plan in plans:
        add_plan(session, plan)
    session.commit()
    return len(plans)


def add_plan(session: Session, plan: AnonymousPlan) -> None:
    """Write the anonymous record of a finished plan into the counts (the caller commits)."""
    session.execute(
        insert(InsightPlan).values(
            ref=new_ref(),
            month=plan.month,
            age_band=plan.age_band,
            setting=plan.setting,
            ehc_status=plan.ehc_status,
            needs_areas=" ".join(plan.needs_areas),
            actions=" ".join(plan.actions),
            unmet=" ".join(plan.unmet),
        )
    )
    count_reached(session, FINISHED, plan.month)
    keys = [("needs_areas", v, "") for v in plan.needs_areas]
    keys += [("actions", v, "") for v in plan.actions] + [("unmet", v, "") for v in plan.unmet]
    keys += [("unmet_area", v, a) for v in plan.unmet for a in plan.needs_areas or (NO_AREA,)]
    for measure, value, area in keys:
        _bump(
            session,
            InsightCount.__table__,
            {"month": plan.month, "measure": measure, "value": value, "area": area},
        )


def section_pending_owner(pending: InsightSectionPending) -> str:
    """The associated-data name a waiting section's key and sealed section are bound to."""
    return f"insight-section-pending:{pending.ref}"


def hold_section_reached(session: Session, sealer: Sealer, section: str, month: str) -> None:
    """Keep a section reached, sealed, until a batch is counted (the caller's save commits it):
    nothing is counted in the family's own transaction."""
    pending = InsightSectionPending(ref=new_ref(), month=month, data_key="", sealed={})
    key, pending.data_key = sealer.new_data_key(section_pending_owner(pending))
    pending.sealed = sealer.seal(key, section, section_pending_owner(pending), "section")
    session.add(pending)


def open_section_pending(sealer: Sealer, pending: InsightSectionPending) -> str:
    """A waiting section's id, opened (UnreadableData if it was altered)."""
    key = sealer.unwrap(pending.data_key, section_pending_owner(pending))
    return str(sealer.open(key, pending.sealed, section_pending_owner(pending), "section"))


def release_sections(session: Session, sealer: Sealer, at_least: int = RELEASE_AT) -> int:
    """Count the waiting sections reached when there are at least `at_least`, one statement a
    (month, section) so no order is left; commits; how many were counted (run daily by
    `flask assessments purge`)."""
    waiting = take_waiting(session, InsightSectionPending)
    if not waiting or len(waiting) < at_least:
        return 0
    reached = Counter((open_section_pending(sealer, p), p.month) for p in waiting)
    forget(session, InsightSectionPending, waiting)
    for section, month in shuffled(reached):
        _bump(
            session,
            InsightSectionReached.__table__,
            {"month": month, "section": section},
            by=reached[(section, month)],
        )
    session.commit()
    return len(waiting)


def count_reached(session: Session, section: str, month: str) -> None:
    """Add one to a month's count of answers reaching a section (only ever in a release's own
    transaction, never in a family's save; the caller commits)."""
    _bump(session, InsightSectionReached.__table__, {"month": month, "section": section})


def _bump(session: Session, table: Any, key: dict[str, str], by: int = 1) -> None:
    """Add `by` to the counter with this key, making it if need be (one statement, so two
    writers at once both count)."""
    upsert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = upsert(table).values(**key, count=by)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[table.c[name] for name in key], set_={"count": table.c.count + by}
        )
    )


#: The columns a view counts, one value per record.
SINGLE = {
    "age_band": InsightPlan.age_band,
    "setting": InsightPlan.setting,
    "ehc_status": InsightPlan.ehc_status,
}


def counts_by_month(
    session: Session, measure: str, first: str, last: str
) -> Counter[tuple[str, str]]:
    """Count records finished from month `first` to `last` by (value, month) for one measure."""
    period = InsightPlan.month.between(first, last)
    if measure in SINGLE:
        column = SINGLE[measure]
        rows = session.execute(
            select(column, InsightPlan.month, func.count())
            .where(period)
            .group_by(InsightPlan.month, column)
        )
        return Counter({(value, month): n for value, month, n in rows})
    rows = session.execute(
        select(InsightCount.value, InsightCount.month, InsightCount.count).where(
            InsightCount.measure == measure, InsightCount.month.between(first, last)
        )
    )
    return Counter({(value, month): n for value, month, n in rows})


def unmet_by_area(session: Session, first: str, last: str) -> Counter[tuple[str, str, str]]:
    """Count (unmet action, needs area, month) over the records finished in the period."""
    rows = session.execute(
        select(InsightCount.value, InsightCount.area, InsightCount.month, InsightCount.count).where(
            InsightCount.measure == "unmet_area", InsightCount.month.between(first, last)
        )
    )
    return Counter({(action, area, month): n for action, area, month, n in rows})


def reached_by_month(session: Session, first: str, last: str) -> Counter[tuple[str, str]]:
    """Count answers reaching each section (and plans finished) by (section, month)."""
    rows = session.execute(
        select(
            InsightSectionReached.section, InsightSectionReached.month, InsightSectionReached.count
        ).where(InsightSectionReached.month.between(first, last))
    )
    return Counter({(section, month): n for section, month, n in rows})


def feedback_themes(session: Session, first: str, last: str) -> Counter[tuple[str, str]]:
    """Count comments on the Local Offer by (theme, month), themes as editors triaged them."""
    return local_offer_comments.counts_by_month(session, "theme", first, last)


def months_held(session: Session) -> tuple[str, str] | None:
    """The first and last month any record or counter holds (None when there is none)."""
    first, last = session.execute(
        select(func.min(InsightSectionReached.month), func.max(InsightSectionReached.month))
    ).one()
    return (first, last) if first else None


def purge(session: Session, today: date, months: int = RETENTION_MONTHS) -> int:
    """Delete records, counters and waiting sections of months more than `months` before today's;
    commits."""
    index = today.year * 12 + today.month - 1 - months
    oldest = f"{index // 12:04d}-{index % 12 + 1:02d}"
    plans = session.execute(delete(InsightPlan).where(InsightPlan.month < oldest))
    counters = session.execute(
        delete(InsightSectionReached).where(InsightSectionReached.month < oldest)
    )
    counts = session.execute(delete(InsightCount).where(InsightCount.month < oldest))
    # Sections still waiting (fewer than RELEASE_AT came after them) go when their month would.
    waiting = session.execute(
        delete(InsightSectionPending).where(InsightSectionPending.month < oldest)
    )
    session.commit()
    return sum(int(getattr(r, "rowcount", 0) or 0) for r in (plans, counters, counts, waiting))

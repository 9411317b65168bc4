"""Insight's tables and queries: anonymous records of finished plans, and sections reached a month.

Neither table has a column in common with an assessment, a time finer than a month, or an order
that follows the order of events: a record's key is random and, on SQLite, the table keeps no rowid
(ADR 0035). Queries return counts only; wizard/core/insight.py suppresses them before anyone sees
them.
"""

from __future__ import annotations

import secrets
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


#: Records wait until at least this many can be released together: one of them can then be any of
#: that many families who finished a plan since the last release.
RELEASE_AT = 10


def pending_owner(pending: InsightPending) -> str:
    """The associated-data name a waiting record's key and sealed values are bound to."""
    return f"insight-pending:{pending.ref}"


def hold_plan(session: Session, sealer: Sealer, plan: AnonymousPlan) -> None:
    """Keep a finished plan's anonymous record sealed until a batch is released (the caller's save
    commits it): nothing readable is written in the finishing transaction."""
    pending = InsightPending(ref=secrets.token_hex(16), data_key="", sealed={})
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
    waiting = list(session.scalars(select(InsightPending)))
    if not waiting or len(waiting) < at_least:
        return 0
    plans = [open_pending(sealer, pending) for pending in waiting]
    secrets.SystemRandom().shuffle(plans)
    session.execute(delete(InsightPending).where(InsightPending.ref.in_([p.ref for p in waiting])))
    for plan in plans:
        add_plan(session, plan)
    session.commit()
    return len(plans)


def add_plan(session: Session, plan: AnonymousPlan) -> None:
    """Write the anonymous record of a finished plan into the counts (the caller commits)."""
    session.execute(
        insert(InsightPlan).values(
            ref=secrets.token_hex(16),
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


def count_reached(session: Session, section: str, month: str) -> None:
    """Add one to a month's count of answers reaching a section (the caller's save commits it)."""
    _bump(session, InsightSectionReached.__table__, {"month": month, "section": section})


def _bump(session: Session, table: Any, key: dict[str, str]) -> None:
    """Add one to the counter with this key, making it if need be (one statement, so two saves
    at once both count)."""
    upsert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = upsert(table).values(**key, count=1)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[table.c[name] for name in key], set_={"count": table.c.count + 1}
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
    """Delete records and counters of months more than `months` before today's; commits."""
    index = today.year * 12 + today.month - 1 - months
    oldest = f"{index // 12:04d}-{index % 12 + 1:02d}"
    plans = session.execute(delete(InsightPlan).where(InsightPlan.month < oldest))
    counters = session.execute(
        delete(InsightSectionReached).where(InsightSectionReached.month < oldest)
    )
    counts = session.execute(delete(InsightCount).where(InsightCount.month < oldest))
    session.commit()
    return sum(int(getattr(r, "rowcount", 0) or 0) for r in (plans, counters, counts))

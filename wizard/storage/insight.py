"""Insight's tables and queries: anonymous records of finished plans, and sections reached a month.

Neither table has a column in common with an assessment, a time finer than a month, or an order
that follows the order of events: a record's key is random and, on SQLite, the table keeps no rowid
(ADR 0035). Queries return counts only; wizard/core/insight.py suppresses them before anyone sees
them.
"""

from __future__ import annotations

import secrets
from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import Index, Integer, String, Text, delete, func, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from wizard.core.insight import AnonymousPlan
from wizard.storage import local_offer_comments
from wizard.storage.models import Base

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


def add_plan(session: Session, plan: AnonymousPlan) -> None:
    """Write the anonymous record of a finished plan (the caller's save commits it)."""
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


def unmet_by_area(session: Session, first: str, last: str) -> Counter[tuple[str, str]]:
    """Count (unmet action, needs area) pairs over the records finished in the period."""
    rows = session.execute(
        select(InsightCount.value, InsightCount.area, InsightCount.count).where(
            InsightCount.measure == "unmet_area", InsightCount.month.between(first, last)
        )
    )
    counted: Counter[tuple[str, str]] = Counter()
    for action, area, n in rows:
        counted[(action, area)] += n
    return counted


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

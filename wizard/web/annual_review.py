"""The annual review pack: one page (and a tagged PDF) for the council's yearly Local Offer review,
bringing together what people said, "You said, we did", the insight counts and the compliance report.

Every number is suppressed as on the insight pages (ADR 0035), counted by the same grain, month or
quarter (ADR 0045); no comment's words appear, only the counts by topic and theme and the entries
the council published."""

from __future__ import annotations

import calendar
import logging
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import Blueprint, Response, render_template, request
from markupsafe import Markup

from wizard.core.insight import SafeTable
from wizard.documents.pdf import RenderBusy, RenderFailed, RenderTimeout, render_pdf
from wizard.storage import local_offer_comments
from wizard.storage import you_said_we_did as entries
from wizard.storage.db import db_session
from wizard.storage.local_offer_comments import PLAN_HELPED, TOPICS
from wizard.storage.you_said_we_did import ENTRY_STATUSES
from wizard.web.context import compliance_report, staff_required
from wizard.web.errors import render_error
from wizard.web.insight_context import (
    VIEWS,
    grain,
    period_form,
    period_label,
    shown,
    suppress_by_grain,
    table_for,
    view_chart,
)

log = logging.getLogger("wizard.annual_review")
blueprint = Blueprint("annual_review", __name__, url_prefix="/staff")

TITLE = "Local Offer annual review pack"
#: The insight views the pack shows, in its order.
INSIGHT_VIEWS = ("needs-areas", "actions", "unmet-need", "journey", "feedback-themes")


@dataclass(frozen=True)
class Counted:
    """One suppressed table of the pack, with its chart (None for a table alone)."""

    key: str
    title: str
    rows_are: str
    table: SafeTable
    labels: dict[str, str]
    chart: Markup | None


def _comment_table(
    key: str, title: str, column: str, labels: dict[str, str], first: str, last: str
) -> Counted:
    """Comments counted by `column`, suppressed by the grain's units like the insight tables."""
    by_month = local_offer_comments.counts_by_month(db_session(), column, first, last)
    table = suppress_by_grain(by_month, list(labels), first, last)
    return Counted(
        key, title, "Answer" if column == "plan_helped" else "Topic", table, labels, None
    )


def _pack(first: str, last: str) -> dict[str, Any]:
    """Everything the pack shows for the months `first` to `last`."""
    period = period_label(first, last)
    counted = [
        _comment_table(
            "topics", "Comments on the Local Offer, by topic", "topic", TOPICS, first, last
        ),
        _comment_table(
            "plan-helped",
            f"Did this plan help? Answers by {grain()}",
            "plan_helped",
            PLAN_HELPED,
            first,
            last,
        ),
    ]
    for view in INSIGHT_VIEWS:
        table, labels = table_for(view, first, last)
        chart = Markup(view_chart(view, table, labels, period))  # noqa: S704 (escaped by bar_chart)
        counted.append(Counted(view, VIEWS[view].title, VIEWS[view].rows_are, table, labels, chart))
    last_day = date(
        int(last[:4]), int(last[5:]), calendar.monthrange(int(last[:4]), int(last[5:]))[1]
    )
    first_day = date(int(first[:4]), int(first[5:]), 1)
    return {
        "title": TITLE,
        "period": period,
        "first": first,
        "last": last,
        "counted": counted,
        "entries": entries.published_in_period(db_session(), first_day, last_day),
        "entry_statuses": ENTRY_STATUSES,
        "topics": TOPICS,
        "report": compliance_report(),
        "shown": shown,
        "grain": grain(),
    }


@blueprint.get("/annual-review")
@staff_required("editor", "admin")
def pack() -> str:
    """The pack for a chosen period (the last 12 months unless asked)."""
    form = period_form()
    if request.args and not form.validate():
        return render_template("staff/annual_review.html", form=form, title=TITLE, pack=None)
    return render_template(
        "staff/annual_review.html",
        form=form,
        title=TITLE,
        pack=_pack(form.start.data, form.end.data),
    )


@blueprint.get("/annual-review.pdf")
@staff_required("editor", "admin")
def pack_pdf() -> Response | tuple[Any, int]:
    """The pack as a tagged PDF (PDF/UA-1), for the council to publish."""
    form = period_form()
    if request.args and not form.validate():
        return render_error(400)
    found = _pack(form.start.data, form.end.data)
    html = render_template("documents/annual_review.html", **found)
    try:
        body = render_pdf(html)
    except (RenderBusy, RenderTimeout, RenderFailed) as error:
        log.warning("annual review pdf not made reason=%s", type(error).__name__)
        return render_error(503, "documents_busy")
    response = Response(body, mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="local-offer-annual-review-{found["first"]}-to-{found["last"]}.pdf"'
    )
    return response

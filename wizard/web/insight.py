"""Insight for commissioners: anonymous counts from finished plans, each view a chart, a table and
a CSV, every number suppressed (wizard/core/insight.py, ADR 0035) and counted by the deployment's
grain, month or quarter (ADR 0045). No case, answer or comment text."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request
from markupsafe import Markup
from werkzeug.wrappers import Response

from wizard.core.insight import NOT_ANSWERED, TOTAL, in_units, suppress_over_units, units_between
from wizard.documents.spreadsheet import csv_bytes
from wizard.storage import insight as store
from wizard.storage.db import db_session
from wizard.web.context import staff_required
from wizard.web.insight_context import (
    VIEWS,
    csv_heading,
    grain,
    labels_for,
    period_form,
    period_label,
    shown,
    table_for,
    unit_label,
    view_chart,
)

blueprint = Blueprint("insight", __name__, url_prefix="/staff/insight")


@blueprint.app_template_global("insight_retention_months")
def retention_months() -> int:
    """How many months insight's anonymous records are kept (INSIGHT_RETENTION_MONTHS)."""
    return int(current_app.config["INSIGHT_RETENTION_MONTHS"])


@blueprint.get("/")
@staff_required("insight", "admin")
def overview() -> str:
    """The list of insight views."""
    return render_template("staff/insight.html", views=VIEWS, grain=grain())


@blueprint.get("/<view>")
@staff_required("insight", "admin")
def show(view: str) -> str:
    """One view for the chosen period: a chart and a table of the same suppressed numbers."""
    if view not in VIEWS:
        abort(404)
    form = period_form()
    if request.args and not form.validate():
        return render_template(
            "staff/insight_view.html",
            view=view,
            about=VIEWS[view],
            form=form,
            views=VIEWS,
            table=None,
        )
    first, last = form.start.data, form.end.data
    table, labels = table_for(view, first, last)
    period = period_label(first, last)
    chart = view_chart(view, table, labels, period)
    by_area = None
    if view == "unmet-need":  # the same unmet actions, by the needs areas families named
        counts = in_units(store.unmet_by_area(db_session(), first, last), grain())
        areas = labels_for("needs-areas")
        area_columns = [a for a in areas if a != NOT_ANSWERED] + [store.NO_AREA]
        by_area = suppress_over_units(
            counts, table.rows, area_columns, units_between(first, last, grain())
        )
        labels = labels | {a: areas.get(a, "No area named") for a in area_columns}
    return render_template(
        "staff/insight_view.html",
        view=view,
        about=VIEWS[view],
        form=form,
        views=VIEWS,
        table=table,
        labels=labels,
        by_area=by_area,
        chart=Markup(chart),  # noqa: S704 (bar_chart escapes every text it draws)
        period=period,
        first=first,
        last=last,
        unit_label=unit_label,
        grain=grain(),
        shown=shown,
        total=TOTAL,
    )


@blueprint.get("/<view>.csv")
@staff_required("insight", "admin")
def download(view: str) -> Response:
    """The view's suppressed table as CSV (cells that a spreadsheet would run are made text)."""
    if view not in VIEWS:
        abort(404)
    form = period_form()
    if request.args and not form.validate():
        abort(400)
    first, last = form.start.data, form.end.data
    table, labels = table_for(view, first, last)
    rows = [
        [labels.get(row, row), *(shown(c.value, c.primary) for c in table.cells[i])]
        for i, row in enumerate((*table.rows, TOTAL))
    ]
    return Response(
        csv_bytes([VIEWS[view].rows_are, *map(csv_heading, table.columns), TOTAL], rows),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="insight-{view}-{first}-to-{last}.csv"'
        },
    )

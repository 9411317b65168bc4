"""Insight for commissioners: anonymous counts from finished plans, each view a chart, a table and
a CSV, every number suppressed (wizard/core/insight.py, ADR 0035). No case, answer or comment text."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from flask import Blueprint, abort, current_app, render_template, request
from flask_wtf import FlaskForm
from markupsafe import Markup
from werkzeug.wrappers import Response
from wtforms import SelectField
from wtforms.validators import InputRequired, ValidationError

from wizard.core.charts import Bar, bar_chart
from wizard.core.content_ids import NEEDS_AREAS, SETTING
from wizard.core.insight import (
    AGE_BANDS,
    AGE_UNKNOWN,
    EHC_STATUS,
    NOT_ANSWERED,
    TOTAL,
    SafeTable,
    month_of,
    months_between,
    suppress,
)
from wizard.documents.spreadsheet import csv_bytes
from wizard.storage import insight as store
from wizard.storage.db import db_session
from wizard.web.context import content, staff_required, today

blueprint = Blueprint("insight", __name__, url_prefix="/staff/insight")

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
#: How many months the period choice offers, back from this month.
MONTHS_OFFERED = 36


@dataclass(frozen=True)
class View:
    """One insight view: its title, and what its rows count."""

    title: str
    rows_are: str


VIEWS = {
    "age-bands": View("Age bands", "Age band"),
    "settings": View("Settings", "Setting"),
    "needs-areas": View("Needs areas", "Needs area"),
    "ehc-status": View("EHC needs assessments and plans", "Where the family is"),
    "actions": View("Actions recommended", "Action"),
    "unmet-need": View("Unmet need: actions with no open local service", "Action"),
    "journey": View("Where families stop", "Section reached"),
    "feedback-themes": View("Feedback themes", "Theme"),
}


def _month_label(month: str) -> str:
    """ "November 2026" for "2026-11"."""
    return f"{MONTH_NAMES[int(month[5:]) - 1]} {month[:4]}"


class PeriodForm(FlaskForm):  # type: ignore[misc]  # flask_wtf ships no type hints
    """The period to count: from one month to another (read from the page's address)."""

    class Meta:
        csrf = False  # a GET form that changes nothing

    start = SelectField(
        "From", validate_choice=False, validators=[InputRequired("Select the month to count from")]
    )
    end = SelectField(
        "To", validate_choice=False, validators=[InputRequired("Select the month to count to")]
    )

    def validate_end(self, field: SelectField) -> None:
        """The period runs forwards."""
        if self.start.data and field.data and field.data < self.start.data:
            raise ValidationError(
                "The month to count to must be the same as or after the month to count from"
            )


def _period_form() -> PeriodForm:
    this = month_of(today())
    index = today().year * 12 + today().month - 1 - (MONTHS_OFFERED - 1)
    months = months_between(f"{index // 12:04d}-{index % 12 + 1:02d}", this)
    choices = [(m, _month_label(m)) for m in reversed(months)]
    default_start = months[-12] if len(months) >= 12 else months[0]
    form = PeriodForm(request.args, meta={"csrf": False})
    form.start.choices = choices
    form.end.choices = choices
    if "start" not in request.args and "end" not in request.args:
        form.start.data, form.end.data = default_start, this
    for field in (form.start, form.end):
        field.validators = [*field.validators, _one_of({m for m, _ in choices})]
    return form


def _one_of(allowed: set[str]):  # type: ignore[no-untyped-def]
    def check(_form: PeriodForm, field: SelectField) -> None:
        if field.data not in allowed:
            raise ValidationError(f"Select the month to count {field.label.text.lower()}")

    return check


def _labels(view: str) -> dict[str, str]:
    """Words for the values a view's rows count."""
    graph = content().graph
    node_for = {"settings": SETTING, "needs-areas": NEEDS_AREAS, "ehc-status": EHC_STATUS}
    if view in node_for:
        node = graph.nodes[node_for[view]]
        return {o.value: o.label.default for o in node.options} | {NOT_ANSWERED: "Not answered"}
    if view in ("actions", "unmet-need"):
        return {a.id: a.title.default for a in content().actions.actions}
    if view == "journey":
        return {s.id: s.title.default for s in graph.sections} | {store.FINISHED: "Plan finished"}
    if view == "age-bands":
        return {label: label for label, _ in AGE_BANDS} | {AGE_UNKNOWN: AGE_UNKNOWN}
    return {}


def _counts(view: str, first: str, last: str) -> Counter[tuple[str, str]]:
    session = db_session()
    measure = {
        "age-bands": "age_band",
        "settings": "setting",
        "needs-areas": "needs_areas",
        "ehc-status": "ehc_status",
        "actions": "actions",
        "unmet-need": "unmet",
    }
    if view in measure:
        return store.counts_by_month(session, measure[view], first, last)
    if view == "journey":
        return store.reached_by_month(session, first, last)
    return store.feedback_themes(session, first, last)


def _rows(view: str, labels: dict[str, str], counts: Counter[tuple[str, str]]) -> list[str]:
    """Every value the content knows, in its order (so an empty row shows), then any others."""
    seen = {value for value, _month in counts}
    known = list(labels) if view != "feedback-themes" else []
    return known + sorted(seen - set(known))


def _table(view: str, first: str, last: str) -> tuple[SafeTable, dict[str, str]]:
    labels = _labels(view)
    counts = _counts(view, first, last)
    table = suppress(counts, _rows(view, labels, counts), months_between(first, last))
    return table, labels


def shown(cell_value: int | None, primary: bool) -> str:
    """How a cell reads: its number, or why it is hidden."""
    if cell_value is not None:
        return f"{cell_value:,}"
    return "fewer than 10" if primary else "hidden"


@blueprint.app_template_global("insight_retention_months")
def retention_months() -> int:
    """How many months insight's anonymous records are kept (INSIGHT_RETENTION_MONTHS)."""
    return int(current_app.config["INSIGHT_RETENTION_MONTHS"])


@blueprint.get("/")
@staff_required("insight", "admin")
def overview() -> str:
    """The list of insight views."""
    return render_template("staff/insight.html", views=VIEWS)


@blueprint.get("/<view>")
@staff_required("insight", "admin")
def show(view: str) -> str:
    """One view for the chosen period: a chart and a table of the same suppressed numbers."""
    if view not in VIEWS:
        abort(404)
    form = _period_form()
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
    table, labels = _table(view, first, last)
    bars = [
        Bar(
            labels.get(row, row),
            table.row_total(row).value,
            "fewer than 10" if table.row_total(row).primary else "hidden",
        )
        for row in table.rows
    ]
    period = f"{_month_label(first)} to {_month_label(last)}"
    chart = bar_chart(
        f"chart-{view}",
        f"{VIEWS[view].title}, {period}",
        f"A bar for each {VIEWS[view].rows_are.lower()}: how many in the period. Counts under 10 "
        "read fewer than 10; some others are hidden so totals cannot reveal them. The table below "
        "has the same numbers by month.",
        bars,
    )
    by_area = None
    if view == "unmet-need":  # the same unmet actions, by the needs areas families named
        pairs = store.unmet_by_area(db_session(), first, last)
        areas = _labels("needs-areas")
        area_columns = [a for a in areas if a != NOT_ANSWERED] + [store.NO_AREA]
        by_area = suppress(pairs, table.rows, area_columns)
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
        month_label=_month_label,
        shown=shown,
        total=TOTAL,
    )


@blueprint.get("/<view>.csv")
@staff_required("insight", "admin")
def download(view: str) -> Response:
    """The view's suppressed table as CSV (cells that a spreadsheet would run are made text)."""
    if view not in VIEWS:
        abort(404)
    form = _period_form()
    if request.args and not form.validate():
        abort(400)
    first, last = form.start.data, form.end.data
    table, labels = _table(view, first, last)
    rows = [
        [labels.get(row, row), *(shown(c.value, c.primary) for c in table.cells[i])]
        for i, row in enumerate((*table.rows, TOTAL))
    ]
    return Response(
        csv_bytes([VIEWS[view].rows_are, *table.columns, TOTAL], rows),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="insight-{view}-{first}-to-{last}.csv"'
        },
    )

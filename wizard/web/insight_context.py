"""What the insight pages and the annual review pack share: the views, the period form, the
suppressed tables and their charts (ADR 0035). Views import these; no view imports another."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from flask import request
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import InputRequired, ValidationError

from wizard.core.charts import Bar, bar_chart
from wizard.core.content_ids import NEEDS_AREAS, SETTING
from wizard.core.insight import (
    AGE_BANDS,
    AGE_UNKNOWN,
    EHC_STATUS,
    NOT_ANSWERED,
    SafeTable,
    month_of,
    months_between,
    suppress,
)
from wizard.storage import insight as store
from wizard.storage.db import db_session
from wizard.web.context import content, today

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


def month_label(month: str) -> str:
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


def period_form() -> PeriodForm:
    """The period form read from the address, offering the last MONTHS_OFFERED months (default:
    the last 12)."""
    this = month_of(today())
    index = today().year * 12 + today().month - 1 - (MONTHS_OFFERED - 1)
    months = months_between(f"{index // 12:04d}-{index % 12 + 1:02d}", this)
    choices = [(m, month_label(m)) for m in reversed(months)]
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


def labels_for(view: str) -> dict[str, str]:
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


def table_for(view: str, first: str, last: str) -> tuple[SafeTable, dict[str, str]]:
    """The view's suppressed table for the period, and the words for its rows."""
    labels = labels_for(view)
    counts = _counts(view, first, last)
    table = suppress(counts, _rows(view, labels, counts), months_between(first, last))
    return table, labels


def shown(cell_value: int | None, primary: bool) -> str:
    """How a cell reads: its number, or why it is hidden."""
    if cell_value is not None:
        return f"{cell_value:,}"
    return "fewer than 10" if primary else "hidden"


def view_chart(view: str, table: SafeTable, labels: dict[str, str], period: str) -> str:
    """The view's period totals as an accessible SVG bar chart (every text escaped)."""
    bars = [
        Bar(
            labels.get(row, row),
            table.row_total(row).value,
            "fewer than 10" if table.row_total(row).primary else "hidden",
        )
        for row in table.rows
    ]
    return bar_chart(
        f"chart-{view}",
        f"{VIEWS[view].title}, {period}",
        f"A bar for each {VIEWS[view].rows_are.lower()}: how many in the period. Counts under 10 "
        "read fewer than 10; some others are hidden so totals cannot reveal them. The table "
        "has the same numbers by month.",
        bars,
    )

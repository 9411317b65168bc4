"""What the insight pages and the annual review pack share: the views, the period form, the
suppressed tables and their charts (ADR 0035), all counted by the deployment's grain, month or
quarter (INSIGHT_GRAIN, ADR 0045). Views import these; no view imports another."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from flask import current_app, request
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import ValidationError

from wizard.core.charts import Bar, bar_chart
from wizard.core.content_ids import NEEDS_AREAS, SETTING
from wizard.core.insight import (
    AGE_BANDS,
    AGE_UNKNOWN,
    EHC_STATUS,
    MONTHS_PER_UNIT,
    NOT_ANSWERED,
    Grain,
    SafeTable,
    in_units,
    month_of,
    months_of,
    newest_month_offered,
    recent_units,
    suppress,
    units_between,
)
from wizard.storage import insight as store
from wizard.storage.db import db_session
from wizard.web.context import content, today

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
#: How many months the period choice offers, back from this month (12 quarters by quarter).
MONTHS_OFFERED = 36
#: The period shown before one is chosen: the last 12 months, in whole units of the grain.
MONTHS_BY_DEFAULT = 12


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


def grain() -> Grain:
    """What this deployment's insight counts by: "month" or "quarter" (INSIGHT_GRAIN)."""
    chosen: Grain = current_app.config["INSIGHT_GRAIN"]  # checked at start-up (wizard/config.py)
    return chosen


def month_label(month: str) -> str:
    """ "November 2026" for "2026-11"."""
    return f"{MONTH_NAMES[int(month[5:]) - 1]} {month[:4]}"


def unit_label(unit: str) -> str:
    """A column's words: "November 2026" for a month, "October to December 2026" for a quarter."""
    months = months_of(unit)
    if len(months) == 1:
        return month_label(unit)
    return f"{MONTH_NAMES[int(months[0][5:]) - 1]} to {month_label(months[-1])}"


def period_label(first: str, last: str) -> str:
    """The period's words: "July to September 2026" for one quarter, else "April 2026 to
    September 2026" from its first month to its last."""
    units = units_between(first, last, grain())
    if len(units) == 1 and len(months_of(units[0])) > 1:
        return unit_label(units[0])
    return f"{month_label(first)} to {month_label(last)}"


def csv_heading(unit: str) -> str:
    """A column's heading in a CSV: "2026-11" for a month, "2026-10 to 2026-12" for a quarter
    (never "Q4", which a council's financial year would read as January to March)."""
    months = months_of(unit)
    return unit if len(months) == 1 else f"{months[0]} to {months[-1]}"


class PeriodForm(FlaskForm):  # type: ignore[misc]  # flask_wtf ships no type hints
    """The period to count: from one month or quarter to another (read from the page's address).

    Both ends are months, so addresses read the same at either grain: by quarter, `start` is a
    quarter's first month and `end` a quarter's last, and no other month is accepted."""

    class Meta:
        csrf = False  # a GET form that changes nothing

    start = SelectField("From", validate_choice=False)
    end = SelectField("To", validate_choice=False)
    #: "month" or "quarter", for the messages.
    unit = "month"

    def validate_end(self, field: SelectField) -> None:
        """The period runs forwards (checked once both ends are ones the form offers)."""
        if self.start.errors or field.errors:
            return
        if field.data < self.start.data:
            raise ValidationError(
                f"The {self.unit} to count to must be the same as or after the {self.unit} to "
                "count from"
            )


def period_form() -> PeriodForm:
    """The period form read from the address, offering the units of the grain over the last
    MONTHS_OFFERED months (default: the last MONTHS_BY_DEFAULT months)."""
    unit = grain()
    per_unit = MONTHS_PER_UNIT[unit]
    newest = newest_month_offered(month_of(today()), unit)
    units = recent_units(newest, MONTHS_OFFERED // per_unit, unit)
    # A quarter starts on its first month and ends on its last: a period of part-quarters
    # cannot be chosen, and one typed into the address fails the check below.
    starts = [(months_of(u)[0], unit_label(u)) for u in reversed(units)]
    ends = [(months_of(u)[-1], unit_label(u)) for u in reversed(units)]
    form = PeriodForm(request.args, meta={"csrf": False})
    form.unit = unit
    form.start.choices, form.end.choices = starts, ends
    if "start" not in request.args and "end" not in request.args:
        form.start.data = starts[min(MONTHS_BY_DEFAULT // per_unit, len(starts)) - 1][0]
        form.end.data = ends[0][0]
    for field, offered in ((form.start, starts), (form.end, ends)):
        field.validators = [_one_of(unit, {value for value, _ in offered}, ends[0])]
    return form


def _one_of(unit: str, allowed: set[str], newest: tuple[str, str]):  # type: ignore[no-untyped-def]
    def check(_form: PeriodForm, field: SelectField) -> None:
        if field.data in allowed:
            return
        chosen = field.data if isinstance(field.data, str) else ""
        is_month = (
            len(chosen) == 7 and chosen[4] == "-" and chosen[:4].isdigit() and chosen[5:].isdigit()
        )
        if unit == "quarter" and is_month and chosen > newest[0]:
            raise ValidationError(
                f"A quarter is counted once it has ended. Choose {newest[1]} or earlier"
            )
        raise ValidationError(f"Select the {unit} to count {field.label.text.lower()}")

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
    """The view's (value, month) counts: what is stored, whatever the grain."""
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


def suppress_by_grain(
    by_month: Counter[tuple[str, str]], rows: Sequence[str], first: str, last: str
) -> SafeTable:
    """Stored (value, month) counts over the period as a suppressed table with a column for each
    unit of the deployment's grain (month or quarter)."""
    unit = grain()
    return suppress(in_units(by_month, unit), list(rows), units_between(first, last, unit))


def table_for(view: str, first: str, last: str) -> tuple[SafeTable, dict[str, str]]:
    """The view's suppressed table for the period, a column for each unit of the grain (month or
    quarter), and the words for its rows."""
    labels = labels_for(view)
    by_month = _counts(view, first, last)
    return suppress_by_grain(by_month, _rows(view, labels, by_month), first, last), labels


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
        f"has the same numbers by {grain()}.",
        bars,
    )

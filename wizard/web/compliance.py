"""Editors and admins: the Local Offer compliance report, on a page, as CSV and as a tagged PDF.

What the Local Offer must contain (questions/local-offer/schedule-2.yaml) is loaded and checked
when the blueprint is registered, so a server with a broken file refuses to start, as it does for
broken questions or a broken directory mapping.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

import click
from flask import Blueprint, render_template
from flask.blueprints import BlueprintSetupState
from werkzeug.wrappers import Response

from wizard import PROJECT_ROOT
from wizard.core.local_offer import Schedule, load_schedule
from wizard.core.yamlsource import ContentProblems
from wizard.directory.compliance import CSV_HEADER, report_rows
from wizard.directory.mapping import NEEDS_AREAS
from wizard.documents.pdf import RenderBusy, RenderFailed, RenderTimeout, render_pdf
from wizard.documents.spreadsheet import csv_bytes
from wizard.web.context import compliance_report, staff_required
from wizard.web.errors import render_error

log = logging.getLogger("wizard.compliance")
blueprint = Blueprint("compliance", __name__, url_prefix="/staff")

SCHEDULE_FILE = PROJECT_ROOT / "questions" / "local-offer" / "schedule-2.yaml"
TITLE = "Local Offer compliance report"


@lru_cache(maxsize=8)
def _checked_schedule(
    path: Path,
    categories: tuple[str, ...],
    action_ids: tuple[str, ...],
    _fingerprint: object,
) -> Schedule:
    """Load and check the file once per version of it and of the content it names."""
    return load_schedule(path, categories, tuple(NEEDS_AREAS), action_ids)


@blueprint.record_once
def _load(state: BlueprintSetupState) -> None:
    """Load the Schedule 2 items with the app's content; a server refuses a broken file, a
    `flask` command other than `run` keeps the problems (as app.py does for the content)."""
    app = state.app
    loaded = app.extensions.get("content")
    if loaded is None:
        return  # the content itself is broken: its problems are reported already
    path = Path(app.config.get("LOCAL_OFFER_SCHEDULE_FILE") or SCHEDULE_FILE)
    stat = path.stat() if path.exists() else None
    try:
        app.extensions["local_offer_schedule"] = _checked_schedule(
            path,
            tuple(loaded.actions.categories),
            tuple(action.id for action in loaded.actions.actions),
            (str(path), stat.st_size if stat else -1, stat.st_mtime_ns if stat else -1),
        )
    except ContentProblems as problems:
        command = click.get_current_context(silent=True)
        if command is None or command.info_name == "run":
            raise
        app.extensions.setdefault("content_problems", problems)


def _attachment(body: bytes, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@blueprint.get("/local-offer-compliance")
@staff_required("editor", "admin")
def report() -> str:
    """For each item the Local Offer must contain: what covers it, what is missing, what this
    service cannot check; then out-of-area provision and listings overdue for review."""
    return render_template("staff/compliance.html", report=compliance_report(), title=TITLE)


@blueprint.get("/local-offer-compliance.csv")
@staff_required("editor", "admin")
def report_csv() -> Response:
    """The report as CSV, every cell guarded against spreadsheet formulas."""
    found = compliance_report()
    body = csv_bytes(CSV_HEADER, report_rows(found))
    return _attachment(
        body, "text/csv; charset=utf-8", f"local-offer-compliance-{found.today.isoformat()}.csv"
    )


@blueprint.get("/local-offer-compliance.pdf")
@staff_required("editor", "admin")
def report_pdf() -> Response | tuple[Any, int]:
    """The report as a tagged PDF (PDF/UA-1), for the council's annual Local Offer review."""
    found = compliance_report()
    html = render_template(
        "documents/compliance.html",
        report=found,
        title=TITLE,
        footer_note=f"{TITLE}, made on {found.today.isoformat()} by SEND Pathway Planner",
    )
    try:
        body = render_pdf(html)
    except (RenderBusy, RenderTimeout, RenderFailed) as error:
        log.warning("compliance pdf not made reason=%s", type(error).__name__)
        return render_error(503, "documents_busy")
    return _attachment(
        body, "application/pdf", f"local-offer-compliance-{found.today.isoformat()}.pdf"
    )

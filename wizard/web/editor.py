"""Editors: what families said in feedback, and the state of the Local Offer directory.

Editors look after content, the directory and feedback; they see no cases and no answers."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from wizard.directory.freshness import reviews_due
from wizard.storage import feedback as feedback_store
from wizard.storage import import_runs, listing_reports
from wizard.storage.db import db_session, transaction
from wizard.storage.directory_models import Service
from wizard.storage.models import Feedback
from wizard.web.context import now, sealer, staff_required, today

blueprint = Blueprint("editor", __name__, url_prefix="/staff")

FEEDBACK_SHOWN = 200


@blueprint.get("/feedback")
@staff_required("editor", "admin")
def feedback() -> str:
    """The latest feedback, newest first, with a count by satisfaction."""
    database = db_session()
    rows = feedback_store.latest(database, current_app.extensions["sealer"], FEEDBACK_SHOWN)
    counts = dict(
        database.execute(
            select(Feedback.satisfaction, func.count()).group_by(Feedback.satisfaction)
        ).all()
    )
    return render_template("staff/feedback.html", rows=rows, counts=counts)


@blueprint.get("/directory")
@staff_required("editor", "admin")
def directory() -> str:
    """How many services by status, the last import, problems reported by the public, and the
    listings whose check is overdue or due within 30 days."""
    database = db_session()
    by_status = dict(
        database.execute(select(Service.status, func.count()).group_by(Service.status)).all()
    )
    months = current_app.extensions["directory_mapping"].review_after_months
    due = reviews_due(database, today=today(), review_after_months=months)
    return render_template(
        "staff/directory.html",
        by_status=by_status,
        overdue=[item for item in due if item.overdue],
        due_soon=[item for item in due if not item.overdue],
        months=months,
        last_run=import_runs.last_run(database),
        reports=listing_reports.open_reports(database, sealer()),
        dealt_with_form=DealtWithForm(),
    )


class DealtWithForm(FlaskForm):  # type: ignore[misc]  # flask_wtf ships no type hints
    """The "Mark as dealt with" button: no fields but the CSRF token."""


@blueprint.post("/directory/reports/<int:report_id>/dealt-with")
@staff_required("editor", "admin")
def report_dealt_with(report_id: int) -> Response:
    """Mark a problem report dealt with, which deletes the contact details given with it."""
    if not DealtWithForm().validate_on_submit():
        abort(400)
    with transaction() as database:
        found = listing_reports.mark_dealt_with(database, report_id, now())
    if not found:
        abort(404)
    flash("Report marked as dealt with. Any contact details given with it have been deleted.")
    return redirect(url_for("editor.directory"))

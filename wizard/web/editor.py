"""Editors: what families said in feedback, and the state of the Local Offer directory.

Editors look after content, the directory and feedback; they see no cases and no answers."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from sqlalchemy import func, select

from wizard.directory.display import is_overdue, review_due
from wizard.storage import feedback as feedback_store
from wizard.storage.db import db_session
from wizard.storage.directory_models import Service
from wizard.storage.models import Feedback
from wizard.web.context import staff_required, today

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
    """How many services by status, and the listings whose check is overdue (oldest first)."""
    database = db_session()
    by_status = dict(
        database.execute(select(Service.status, func.count()).group_by(Service.status)).all()
    )
    months = current_app.extensions["directory_mapping"].review_after_months
    listed = database.execute(
        select(Service.id, Service.name, Service.assured_date)
        .where(Service.status.in_(("active", "temporarily closed")))
        .order_by(Service.assured_date.is_not(None), Service.assured_date, Service.name)
    ).all()
    overdue = [
        (service_id, name, assured, review_due(assured, months))
        for service_id, name, assured in listed
        if is_overdue(assured, months, today())
    ]
    return render_template(
        "staff/directory.html", by_status=by_status, overdue=overdue, months=months
    )

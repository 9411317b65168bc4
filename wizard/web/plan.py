"""The plan page: the saved snapshot of what the family was told, grouped into now, soon and later."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from werkzeug.wrappers import Response

from wizard.core.letter import request_letter
from wizard.core.snapshot import PlanSnapshot, group_actions
from wizard.storage.db import db_session
from wizard.web.case_access import note_event
from wizard.web.context import content, current_assessment, staff_user

blueprint = Blueprint("plan", __name__, url_prefix="/plan")


@blueprint.get("/")
def show() -> Response | str:
    """The plan page (from the snapshot saved when the family finished)."""
    assessment = current_assessment()
    if assessment is None:
        return redirect(url_for("journey.start"))
    if not assessment.plan:
        return redirect(url_for("journey.check_answers"))
    plan = PlanSnapshot.from_json(assessment.plan)  # a plan that cannot be read: the error page
    note_event(assessment, "view", "plan")
    db_session().commit()
    return render_template(
        "plan/plan.html",
        plan=plan,
        groups=group_actions(plan.actions, plan.as_of),
        as_of=plan.as_of,
        changed=assessment.status != "finished",
        has_letter=plan.offers_letter,
        letter=request_letter(plan, content().locality) if plan.offers_letter else None,
        # the keyworker's own notes on the letter, never shown to the family
        signed_in_staff=staff_user() is not None,
        has_deadlines=plan.has_upcoming_deadlines,
        reference=assessment.reference,
    )

"""The plan page: the saved snapshot of what the family was told, laid out by when to act."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from werkzeug.wrappers import Response

from wizard.core.letter import letter_offered, request_letter
from wizard.core.snapshot import PlanSnapshot
from wizard.storage import cases
from wizard.storage.db import db_session
from wizard.web.case_access import note_event, working_case
from wizard.web.context import content, current_assessment, sealer, staff_user
from wizard.web.plan_context import plan_reading

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
    case = working_case()
    # A keyworker working on a case sees their own notes beside the family's plan, kept apart.
    notes = [note.text for note in cases.notes_of(db_session(), sealer(), case)] if case else []
    db_session().commit()
    offered = letter_offered(plan)  # never a draft when the family said they do not want one
    return render_template(
        "plan/plan.html",
        plan=plan,
        reading=plan_reading(plan),
        as_of=plan.as_of,
        changed=assessment.status != "finished",
        has_letter=offered,
        letter=request_letter(plan, content().locality) if offered else None,
        # the keyworker's own notes on the letter, never shown to the family
        signed_in_staff=staff_user() is not None,
        staff_notes=notes,
        has_deadlines=plan.has_upcoming_deadlines,
        reference=assessment.reference,
    )

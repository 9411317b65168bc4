"""The plan page: the saved snapshot of what the family was told, grouped into now, soon and later."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import Blueprint, redirect, render_template, url_for
from werkzeug.wrappers import Response

from wizard.core.letter import request_letter
from wizard.storage.db import db_session
from wizard.web.case_access import note_event
from wizard.web.journey import content, current_assessment
from wizard.web.staff_auth import staff_user

blueprint = Blueprint("plan", __name__, url_prefix="/plan")

#: An action with a deadline this close (or already past) goes under "What to do now".
NOW_WITHIN = timedelta(weeks=8)


def group_actions(actions: list[dict[str, Any]], as_of: date) -> dict[str, list[dict[str, Any]]]:
    """Split the plan: start here (what to know first), now (a deadline within 8 weeks), later
    (planning ahead), soon, and advice."""
    groups: dict[str, list[dict[str, Any]]] = {
        "first": [],
        "now": [],
        "soon": [],
        "later": [],
        "advice": [],
    }
    for action in actions:
        dates = [date.fromisoformat(d["date"]) for d in action["deadlines"]]
        if action.get("first"):  # plans saved before `first` existed have no such key
            groups["first"].append(action)
        elif action["domain"] == "advice":
            groups["advice"].append(action)
        elif dates and min(dates) <= as_of + NOW_WITHIN:
            groups["now"].append(action)
        elif action["domain"] == "transitions" and not dates:
            groups["later"].append(action)
        else:
            groups["soon"].append(action)
    return groups


@blueprint.get("/")
def show() -> Response | str:
    """The plan page (from the snapshot saved when the family finished)."""
    assessment = current_assessment()
    if assessment is None:
        return redirect(url_for("journey.start"))
    if not assessment.plan:
        return redirect(url_for("journey.check_answers"))
    note_event(assessment, "view", "plan")
    db_session().commit()
    plan = assessment.plan
    as_of = date.fromisoformat(plan["as_of"])
    has_letter = any(action.get("offers_letter") for action in plan["actions"])
    return render_template(
        "plan/plan.html",
        plan=plan,
        groups=group_actions(plan["actions"], as_of),
        as_of=as_of,
        changed=assessment.status != "finished",
        has_letter=has_letter,
        letter=request_letter(plan, content().locality) if has_letter else None,
        # the keyworker's own notes on the letter, never shown to the family
        signed_in_staff=staff_user() is not None,
        has_deadlines=any(
            deadline["date"] >= plan["as_of"]
            for action in plan["actions"]
            for deadline in action["deadlines"]
        ),
        reference=assessment.reference,
    )

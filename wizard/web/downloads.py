"""Downloads of the saved plan: the PDF action plan, the request letter (PDF and Word), the calendar.

Made on demand from the plan snapshot, sent as attachments with server-made file names, never stored.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.wrappers import Response as BaseResponse

from wizard.core.calendar import CalendarEvent, build_calendar, upcoming
from wizard.core.content_ids import FIRST_NAME
from wizard.core.glossary import terms_used
from wizard.core.letter import Letter, request_letter
from wizard.core.snapshot import PlanSnapshot, group_actions
from wizard.documents.docx_letter import letter_docx
from wizard.documents.pdf import RenderBusy, RenderFailed, RenderTimeout, render_pdf
from wizard.storage.assessments import AssessmentRecord
from wizard.storage.db import db_session
from wizard.web.case_access import note_event
from wizard.web.context import content, current_assessment
from wizard.web.errors import render_error

log = logging.getLogger("wizard.downloads")
blueprint = Blueprint("downloads", __name__, url_prefix="/plan")

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _finished() -> tuple[AssessmentRecord, PlanSnapshot] | None:
    assessment = current_assessment()
    if assessment is None or not assessment.plan:
        return None
    plan = PlanSnapshot.from_json(assessment.plan)  # a plan that cannot be read: the error page
    note_event(assessment, "export", (request.endpoint or "").rsplit(".", 1)[-1].replace("_", " "))
    db_session().commit()
    return assessment, plan


def attachment(body: bytes, mimetype: str, filename: str) -> Response:
    """A download with a file name we choose (never one the user typed)."""
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _footer(plan: PlanSnapshot) -> str:
    return (
        f"SEND Pathway Planner, content version {plan.graph_version}, "
        f"information checked {plan.content_checked.isoformat()}"
    )


def _pdf_or_error(html: str) -> bytes | None:
    try:
        return render_pdf(html)
    except (RenderBusy, RenderTimeout, RenderFailed) as error:
        log.warning("pdf not made reason=%s", type(error).__name__)
        return None


@blueprint.get("/plan.pdf")
def plan_pdf() -> BaseResponse | tuple[Any, int]:
    """The action plan as a tagged PDF; `?told_us=1` adds the family's answers."""
    finished = _finished()
    if finished is None:
        return redirect(url_for("plan.show"))
    assessment, plan = finished
    young = plan.respondent == "young_person"
    first_name = plan.answers.get(FIRST_NAME, "")
    title = (
        "Your SEND action plan" if young or not first_name else f"SEND action plan for {first_name}"
    )
    groups = group_actions(plan.actions, plan.as_of)
    words = " ".join(" ".join([a.title, a.summary, *a.steps, *a.expect]) for a in plan.actions)
    html = render_template(
        "documents/plan.html",
        title=title,
        plan=plan,
        groups=groups,
        as_of=plan.as_of,
        reference=assessment.reference,
        first_name=first_name,
        told_us=request.args.get("told_us") == "1",
        glossary=terms_used(content().glossary, words),
        footer_note=_footer(plan),
    )
    pdf = _pdf_or_error(html)
    if pdf is None:
        return render_error(503, "documents_busy")
    log.info("plan pdf made assessment=%s", assessment.id)
    return attachment(pdf, PDF, f"send-plan-{assessment.reference}.pdf")


def _letter(plan: PlanSnapshot) -> Letter:
    if not plan.offers_letter:
        abort(404)
    return request_letter(plan, content().locality)


@blueprint.get("/letter.pdf")
def letter_pdf() -> BaseResponse | tuple[Any, int]:
    """The draft EHC needs assessment request letter as a PDF (only when the plan suggests asking)."""
    finished = _finished()
    if finished is None:
        return redirect(url_for("plan.show"))
    assessment, plan = finished
    letter = _letter(plan)
    html = render_template(
        "documents/letter.html",
        letter=letter,
        title="Request for an Education, Health and Care needs assessment",
        footer_note=f"Draft letter from SEND Pathway Planner, reference {assessment.reference}",
    )
    pdf = _pdf_or_error(html)
    if pdf is None:
        return render_error(503, "documents_busy")
    return attachment(pdf, PDF, f"ehc-assessment-request-{assessment.reference}.pdf")


@blueprint.get("/letter.docx")
def letter_word() -> BaseResponse:
    """The same letter as an editable Word document."""
    finished = _finished()
    if finished is None:
        return redirect(url_for("plan.show"))
    assessment, plan = finished
    letter = _letter(plan)
    body = letter_docx(letter, "Request for an Education, Health and Care needs assessment")
    return attachment(body, DOCX, f"ehc-assessment-request-{assessment.reference}.docx")


@blueprint.get("/deadlines.ics")
def calendar() -> BaseResponse:
    """The plan's deadlines as all-day calendar events, each with a reminder a week before."""
    finished = _finished()
    if finished is None:
        return redirect(url_for("plan.show"))
    assessment, plan = finished
    as_of = plan.as_of
    events = [
        CalendarEvent(
            key=deadline.id,
            day=deadline.date,
            summary=deadline.label,
            description=f"{action.title}. From your SEND plan, reference {assessment.reference}.",
        )
        for action in plan.actions
        for deadline in action.deadlines
    ]
    if not upcoming(events, as_of):
        abort(404)
    body = build_calendar(events, assessment.reference, as_of, content().locality.council_name)
    return attachment(
        body.encode("utf-8"), "text/calendar", f"send-plan-dates-{assessment.reference}.ics"
    )

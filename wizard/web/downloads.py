"""Downloads of the saved plan: the PDF action plan, the request letter (PDF and Word), the calendar.

Made on demand from the plan snapshot, sent as attachments with server-made file names, never stored.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
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
from wizard.core.letter import Letter, letter_offered, request_letter
from wizard.core.snapshot import PlanSnapshot
from wizard.documents.docx_letter import letter_docx
from wizard.documents.pdf import RenderBusy, RenderFailed, RenderTimeout, render_pdf
from wizard.storage.assessments import AssessmentRecord
from wizard.storage.db import db_session
from wizard.web.case_access import note_event
from wizard.web.context import content, current_assessment
from wizard.web.errors import render_error
from wizard.web.plan_context import plan_reading

log = logging.getLogger("wizard.downloads")
blueprint = Blueprint("downloads", __name__, url_prefix="/plan")

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _saved_plan() -> tuple[AssessmentRecord, PlanSnapshot] | None:
    assessment = current_assessment()
    if assessment is None or not assessment.plan:
        return None
    plan = PlanSnapshot.from_json(assessment.plan)  # a plan that cannot be read: the error page
    return assessment, plan


def _note_export(assessment: AssessmentRecord) -> None:
    note_event(assessment, "export", (request.endpoint or "").rsplit(".", 1)[-1].replace("_", " "))
    db_session().commit()


def _finished() -> tuple[AssessmentRecord, PlanSnapshot] | None:
    saved = _saved_plan()
    if saved is not None:
        _note_export(saved[0])
    return saved


def attachment(body: bytes, mimetype: str, filename: str) -> Response:
    """A download with a file name we choose (never one the user typed)."""
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _footer(plan: PlanSnapshot) -> str:
    checked = plan.content_checked
    return f"SEND Pathway Planner. Information checked on {checked.day} {checked:%B %Y}"


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
    reading = plan_reading(plan)
    title = (
        f"SEND action plan for {reading.first_name}"
        if reading.first_name
        else "Your SEND action plan"
    )
    html = render_template(
        "documents/plan.html",
        title=title,
        plan=plan,
        reading=reading,
        as_of=plan.as_of,
        reference=assessment.reference,
        told_us=request.args.get("told_us") == "1",
        footer_note=_footer(plan),
    )
    pdf = _pdf_or_error(html)
    if pdf is None:
        return render_error(503, "documents_busy")
    log.info("plan pdf made assessment=%s", assessment.id)
    return attachment(pdf, PDF, f"send-plan-{assessment.reference}.pdf")


@dataclass(frozen=True)
class _Offered:
    """A letter to send, and the saved answers it was made from."""

    assessment: AssessmentRecord
    letter: Letter


def _letter() -> _Offered | BaseResponse | tuple[str, int]:
    """The letter of a finished plan that offers it; else the plan, or a page saying why not.

    A letter not offered is no export, so nothing is noted in the case's history.
    """
    saved = _saved_plan()
    if saved is None:
        return redirect(url_for("plan.show"))
    assessment, plan = saved
    if not letter_offered(plan):
        # The plan suggests asking, so the letter is withheld only because the family said no.
        page = render_template("errors/no_letter.html", said_no=plan.offers_letter)
        return page, 404
    _note_export(assessment)
    return _Offered(assessment, request_letter(plan, content().locality))


@blueprint.get("/letter.pdf")
def letter_pdf() -> BaseResponse | tuple[Any, int]:
    """The draft EHC needs assessment request letter as a PDF (only when the plan suggests asking
    and the family did not say they do not want it)."""
    found = _letter()
    if not isinstance(found, _Offered):
        return found
    assessment, letter = found.assessment, found.letter
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
def letter_word() -> BaseResponse | tuple[Any, int]:
    """The same letter as an editable Word document."""
    found = _letter()
    if not isinstance(found, _Offered):
        return found
    assessment, letter = found.assessment, found.letter
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

"""The family journey: one question per page, check your answers, save and return, start again, delete.

Views are thin: parse the request, call the journey service (`wizard.services.journey`, which
checks, applies and saves answers), redirect. Answers are saved the moment they are sent; the
private link's token lives only in the family's session cookie and in the link itself (the
database holds its hash).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from wizard.core.answers import AnswerError, Context, from_form, to_form
from wizard.core.content_ids import BIRTH_MONTH
from wizard.core.engine import NotOnPath, Progress, facts_from
from wizard.core.graph import Node
from wizard.core.summary import answer_lines, summarise
from wizard.services import journey as journey_service
from wizard.services.journey import Journey
from wizard.storage import assessments
from wizard.storage.assessments import AssessmentRecord, StaleRecord
from wizard.storage.db import db_session
from wizard.web.case_access import WORKING_ON, note_event, working_case
from wizard.web.context import (
    content,
    content_changes,
    current_assessment,
    find_services,
    sealer,
    sign_out_now,
    today,
)
from wizard.web.question_view import question_view, render_fields
from wizard.web.rate_limits import too_many, within_hourly_limit

log = logging.getLogger("wizard.journey")
blueprint = Blueprint("journey", __name__, url_prefix="/questions")

#: Fixed pages use hyphens, which question ids (lower case and underscores) cannot, so none clash.
CHECK = "check-your-answers"


def _journey() -> Journey:
    """The service's view of this request: the database session, content, sealer and today."""
    return Journey(db_session(), content(), sealer(), today())


def _progress(assessment: AssessmentRecord | None) -> Progress:
    return journey_service.progress_of(_journey(), assessment)


def _tell_of_content_changes(assessment: AssessmentRecord) -> None:
    """If the questions changed since the last visit, say which are new (once) and keep the answers."""
    notice = content_changes(assessment)
    if notice:
        flash(notice, "info")
    journey_service.note_content_seen(_journey(), assessment)


def _seen_assessment() -> AssessmentRecord | None:
    """This browser's answers, having told the family of any new questions."""
    assessment = current_assessment()
    if assessment is not None:
        _tell_of_content_changes(assessment)
    return assessment


def _page_after(progress: Progress, node_id: str) -> str:
    """The URL of the page after `node_id` on the path: the next question, or check your answers."""
    if node_id in progress.path:
        index = progress.path.index(node_id)
        if index + 1 < len(progress.path):
            following = progress.path[index + 1]
            if content().graph.nodes[following].type != "end":
                return url_for("journey.question", node_id=following)
    return _resume_url(progress)


def _resume_url(progress: Progress) -> str:
    """Where to carry on: the first page still to do, else check your answers."""
    if progress.current is not None:
        return url_for("journey.question", node_id=progress.current)
    return url_for("journey.check_answers")


def _changing() -> bool:
    """True on a page reached from a Change link on check your answers (or after one)."""
    return request.args.get("change") == "1"


def _after_change(progress: Progress) -> str:
    """After a change: the first page new on the path, still in change mode, else check your answers.

    Answers already given are not asked again: the family asked to change one answer, so only
    the questions that answer opened (or made wrong) need them.
    """
    if progress.current is not None:
        return url_for("journey.question", node_id=progress.current, change=1)
    return url_for("journey.check_answers")


def _last_page(progress: Progress) -> str | None:
    """The last page on the path before its end, which check your answers' Back link returns to."""
    nodes = content().graph.nodes
    return next((key for key in reversed(progress.path) if nodes[key].type != "end"), None)


@dataclass
class PageState:
    """What a question page shows: the node, the values in the fields and any error."""

    node: Node
    values: dict[str, Any]
    error: AnswerError | None = None


def _section_caption(node: Node, facts: dict[str, Any]) -> str:
    graph = content().graph
    sections = [s.id for s in graph.sections]
    section = graph.section(node.section)
    if section is None or node.section not in sections:
        return ""
    number = sections.index(section.id) + 1
    return f"{graph.words(section.title, facts)} (section {number} of {len(sections)})"


def _render_question(
    state: PageState, progress: Progress, assessment: AssessmentRecord | None, status: int = 200
) -> tuple[str, int]:
    graph = content().graph
    node = state.node
    facts = facts_from(
        {k: v for k, v in progress.answers.items() if k != node.id},
        progress.derived if node.id != BIRTH_MONTH else {},
    )
    index = progress.path.index(node.id) if node.id in progress.path else 0
    if _changing():
        # A page the change opened goes back a page (still changing); the changed one to the list.
        if node.id == progress.current and index > 0:
            back = url_for("journey.question", node_id=progress.path[index - 1], change=1)
        else:
            back = url_for("journey.check_answers")
    elif index > 0:
        back = url_for("journey.question", node_id=progress.path[index - 1])
    else:
        back = url_for("pages.start")
    version = (assessment.answer_versions or {}).get(node.id, 0) if assessment else 0
    view = question_view(
        graph, node, facts, _section_caption(node, facts), state.values, state.error
    )
    return (
        render_template(
            "journey/question.html",
            view=view,
            fields=render_fields(view),
            back=back,
            answer_version=version,
            has_assessment=assessment is not None,
        ),
        status,
    )


@blueprint.get("/")
def start() -> Response:
    """Start, or carry on where this browser left off."""
    assessment = _seen_assessment()
    if assessment is None:
        return redirect(url_for("journey.question", node_id=content().graph.start))
    return redirect(_resume_url(_progress(assessment)))


def _page(node_id: str) -> tuple[Node, AssessmentRecord | None, Progress]:
    """The node a URL names (404 if none), this browser's answers, and where they lead."""
    node = content().graph.nodes.get(node_id)
    if node is None or node.type == "end":
        abort(404)
    assessment = _seen_assessment()
    return node, assessment, _progress(assessment)


@blueprint.get("/<node_id>")
def question(node_id: str) -> Response | tuple[str, int]:
    """Show one question, with the saved answer filled in; pages not yet reached redirect."""
    node, assessment, progress = _page(node_id)
    if node_id not in progress.path:
        return redirect(_resume_url(progress))
    values = to_form(node, progress.answers.get(node_id)) if assessment else {}
    return _render_question(PageState(node, values), progress, assessment)


def _form_values(node: Node) -> dict[str, Any]:
    """What the user typed, to show back to them with an error."""
    return {
        key: request.form.getlist(key) if node.type == "checkboxes" else request.form.get(key, "")
        for key in request.form
    }


@blueprint.post("/<node_id>")
def answer(node_id: str) -> Response | tuple[str, int]:
    """Save one answer (or skip an optional question, or move past an information page)."""
    graph = content().graph
    node, assessment, progress = _page(node_id)
    if node_id not in progress.path:
        flash("That question no longer applies to your answers, so nothing was changed.", "info")
        return redirect(_resume_url(progress))
    skipping = request.form.get("action") == "skip"
    if skipping and not (node.optional or node.type == "info"):
        abort(400)
    try:
        value = None
        if node.is_question and not skipping:
            facts = progress.facts()
            value = from_form(
                node, request.form.to_dict(flat=False), Context(today(), facts, graph.terms(facts))
            )
        checked = journey_service.check_answer(
            _journey(), assessment, progress, node, value, skipping
        )
    except AnswerError as error:
        return _render_question(PageState(node, _form_values(node), error), progress, assessment)
    except NotOnPath:
        return redirect(_resume_url(progress))
    if assessment is None:
        if not within_hourly_limit("new_answers", current_app.config["NEW_ASSESSMENTS_PER_HOUR"]):
            return too_many("too_many_new_answers")
        assessment, session["token"] = journey_service.start(_journey())
        session.permanent = False
    try:
        outcome = journey_service.record_answer(
            _journey(),
            assessment,
            checked,
            _seen_version(node),
            "keyworker" if working_case() is not None else "family",
            note_event,
        )
    except StaleRecord:
        abort(503)
    except NotOnPath:  # other answers, saved meanwhile, moved this question off the path
        flash("That question no longer applies to your answers, so nothing was changed.", "info")
        return redirect(_resume_url(_progress(assessment)))
    except AnswerError as error:  # other answers, saved meanwhile, make this one wrong now
        fresh = assessments.reload(db_session(), assessment, sealer()) or assessment
        state = PageState(node, _form_values(node), error)
        return _render_question(state, _progress(fresh), fresh)
    if outcome is None:  # deleted meanwhile
        return redirect(url_for("journey.start"))
    if isinstance(outcome, journey_service.Conflict):
        return _render_conflict(node, outcome)
    if request.form.get("autosave") == "1" and working_case() is not None:
        # The timeout warning saved this page just before the session ends: end it now.
        sign_out_now()
        flash(
            "You were signed out because you had not used the service for 30 minutes. "
            "The answer on the page was saved.",
            "info",
        )
        return redirect(url_for("staff_auth.sign_in"))
    if _changing():
        return redirect(_after_change(outcome.progress))
    return redirect(_page_after(outcome.progress, node_id))


def _seen_version(node: Node) -> int | None:
    """The version of the answer the page showed (None for a page that is not a question)."""
    if not node.is_question:
        return None
    try:
        return int(request.form.get("answer_version", "0"))
    except ValueError:
        abort(400)


def _render_conflict(node: Node, conflict: journey_service.Conflict) -> tuple[str, int]:
    """The stale page: the saved answer beside this one, to choose between (nothing was saved)."""
    graph = content().graph
    facts = conflict.progress.facts()
    return (
        render_template(
            "journey/conflict.html",
            node=node,
            title=graph.words(node.title, facts),
            saved=answer_lines(graph, node, conflict.stored, facts) or ("Not answered",),
            yours=answer_lines(graph, node, conflict.yours, facts) or ("Not answered",),
            form=request.form,
            answer_version=conflict.stored_version,
        ),
        409,
    )


@blueprint.get(f"/{CHECK}")
def check_answers() -> Response | str:
    """Check your answers: every answer by section, with Change links and what will be removed."""
    assessment = _seen_assessment()
    if assessment is None:
        return redirect(url_for("journey.start"))
    progress = _progress(assessment)
    if not progress.complete:
        return redirect(_resume_url(progress))
    graph = content().graph
    facts = progress.facts()
    dropped = [
        (graph.words(graph.nodes[key].summary or graph.nodes[key].title, facts))
        for key in progress.ignored
        if key in graph.nodes
    ]
    last = _last_page(progress)
    return render_template(
        "journey/check_answers.html",
        sections=summarise(graph, progress),
        dropped=dropped,
        version=assessment.version,
        back=url_for("journey.question", node_id=last) if last else None,
    )


@blueprint.post(f"/{CHECK}")
def finish() -> Response:
    """Make the plan: remove answers that no longer apply, and save what the family was told."""
    assessment = _seen_assessment()
    if assessment is None:
        return redirect(url_for("journey.start"))
    finished = journey_service.finish(_journey(), assessment, find_services, note_event)
    if finished.stale:
        flash(
            "Your answers were changed somewhere else. Check them again before you see your plan.",
            "info",
        )
        return redirect(url_for("journey.check_answers"))
    if not finished.made:
        return redirect(_resume_url(finished.progress))
    return redirect(url_for("plan.show"))


@blueprint.get("/save-and-return")
def save_and_return() -> Response | str:
    """The private link and reference, with advice on keeping them."""
    case = working_case()
    if case is not None:
        flash("Every answer is saved in the case as soon as it is given.", "info")
        return redirect(url_for("cases.case", case_id=case.id))
    assessment = _seen_assessment()
    if assessment is None:
        return render_template("journey/nothing_saved.html")
    return render_template(
        "journey/save_and_return.html",
        link=url_for("journey.resume", token=session["token"], _external=True),
        reference=assessment.reference,
        carry_on=_resume_url(_progress(assessment)),
    )


@blueprint.get("/your-data.json")
def your_data() -> Response:
    """Everything held about this family, as JSON (UK GDPR right of access; security rule 16)."""
    assessment = _seen_assessment()
    if assessment is None:
        return redirect(url_for("journey.save_and_return"))
    held = {
        "reference": assessment.reference,
        "status": assessment.status,
        "content_version": assessment.content_version,
        "answers": assessment.answers,
        "answered_by": assessment.answered_by,
        "plan": assessment.plan,
        "note": "This is everything the service holds about these answers. The private link is not kept.",
    }
    note_event(assessment, "export", "answers as JSON")
    db_session().commit()
    response = current_app.response_class(
        json.dumps(held, ensure_ascii=False, indent=2), mimetype="application/json"
    )
    response.headers["Content-Disposition"] = (
        f'attachment; filename="send-answers-{assessment.reference}.json"'
    )
    return response


@blueprint.route("/start-again", methods=["GET", "POST"])
def start_again() -> Response | str:
    """Begin a new set of answers in this browser; the old ones stay behind their private link."""
    case = working_case()
    if case is not None:  # a keyworker starts a new case instead
        return redirect(url_for("cases.case", case_id=case.id))
    assessment = _seen_assessment()
    if request.method == "POST":
        session.pop("token", None)
        flash(
            "You have started again. Your earlier answers are still saved behind your private link.",
            "success",
        )
        return redirect(url_for("journey.start"))
    link = url_for("journey.resume", token=session["token"], _external=True) if assessment else None
    return render_template("journey/start_again.html", link=link)


@blueprint.route("/delete-answers", methods=["GET", "POST"])
def delete() -> Response | str:
    """Delete every answer and the plan, after a confirmation page (the family's own choice)."""
    case = working_case()
    if case is not None:  # only the family deletes their answers; a keyworker closes the case
        return redirect(url_for("cases.case", case_id=case.id))
    assessment = _seen_assessment()
    if request.method == "POST":
        if assessment is not None:
            note_event(assessment, "delete", "the family deleted their answers")
            assessments.delete(db_session(), assessment)
            log.info("assessment deleted")
        session.pop("token", None)
        return redirect(url_for("journey.deleted"))
    if assessment is None:
        return render_template("journey/nothing_saved.html")
    return render_template("journey/delete.html", reference=assessment.reference)


@blueprint.get("/answers-deleted")
def deleted() -> str:
    """Confirmation that the answers are gone."""
    return render_template("journey/deleted.html")


#: The session key for a private link opened in a browser that holds other answers, until the
#: family chooses which answers to use (the token stays out of the address bar meanwhile).
LINK_OPENED = "link_token"


@blueprint.get("/resume/<token>")
def resume(token: str) -> Response | tuple[str, int]:
    """Open saved answers from a private link on any device, then drop the token from the address bar.

    A browser that already holds other answers is asked which to use first: a link never silently
    swaps them.
    """
    linked = assessments.find_by_token(db_session(), token, sealer())
    if linked is None:
        return render_template("journey/link_not_found.html"), 404
    held = _held_here()
    if held is not None and held.id != linked.id:
        session[LINK_OPENED] = token
        log.info("private link for other answers opened assessment=%s", held.id)
        return redirect(url_for("journey.which_answers"))
    return _open_link(token, linked)


def _held_here() -> AssessmentRecord | None:
    """The answers this browser holds now, if any, without sending a keyworker to sign in."""
    try:
        case = working_case()
    except HTTPException:  # the staff session or the case ended: working_case forgot the case
        case = None
    if case is not None and case.assessment_id is not None:
        return assessments.find_by_id(db_session(), case.assessment_id, sealer())
    token = session.get("token")
    return assessments.find_by_token(db_session(), token, sealer()) if token else None


def _open_link(token: str, linked: AssessmentRecord, welcome: bool = True) -> Response:
    """Carry on with the link's answers in this browser (nothing else is held, or it was chosen).

    The page it lands on says Welcome back and where they are, unless the choice page already
    said which answers are in use.
    """
    session.pop(LINK_OPENED, None)
    session.pop(WORKING_ON, None)  # a family's link opened in a keyworker's browser is the family's
    g.pop("working_case", None)
    session["token"] = token
    planned = linked.status == "finished" and bool(linked.plan)
    progress = _progress(linked)
    if welcome:
        flash(_welcome_back(progress, planned), "welcome")
    _tell_of_content_changes(linked)
    if planned:
        return redirect(url_for("plan.show"))
    return redirect(_resume_url(progress))


def _welcome_back(progress: Progress, planned: bool) -> str:
    """What the Welcome back banner says: the plan is ready, or how far the answers got."""
    if planned:
        return "Your plan is ready. You can read it again or change your answers."
    if progress.current is None:
        return "Your answers are saved. You have answered every question. Check them, then see your plan."
    graph = content().graph
    answered = len(progress.answers)
    done = (
        f"You have answered {answered} question{'' if answered == 1 else 's'}. " if answered else ""
    )
    caption = _section_caption(graph.nodes[progress.current], progress.facts())
    where = f"Carry on with {caption}." if caption else "Carry on where you left off."
    return f"Your answers are saved. {done}{where}"


def _answers_summary(record: AssessmentRecord) -> dict[str, str]:
    """What the choice page says about a set of answers: nothing personal, only how far it got."""
    finished = {
        "finished": "Yes, the plan was made",
        "changed": "No, the answers changed after the plan was made",
    }
    return {
        "reference": record.reference,
        "answered": str(len(_progress(record).answers)),
        "finished": finished.get(record.status, "No"),
    }


@blueprint.route("/which-answers", methods=["GET", "POST"])
def which_answers() -> Response | tuple[str, int]:
    """Ask which answers to use when a private link for other answers is opened in this browser.

    Nothing changes until the choice is sent (a POST, with CSRF); keeping the current answers
    leaves both sets exactly as they were.
    """
    token = session.get(LINK_OPENED)
    if not token:
        return redirect(url_for("journey.start"))
    linked = assessments.find_by_token(db_session(), token, sealer())
    if linked is None:  # deleted, or removed by the retention rules, since the link was opened
        session.pop(LINK_OPENED, None)
        return render_template("journey/link_not_found.html"), 404
    held = _held_here()
    if held is None or held.id == linked.id:  # nothing else here now: nothing to lose
        return _open_link(token, linked)
    error = None
    if request.method == "POST":
        shown = (request.form.get("current_reference"), request.form.get("link_reference"))
        if shown != (held.reference, linked.reference):
            flash(
                "The answers in this browser or the link changed while the page was open. "
                "Nothing was changed. Choose again.",
                "info",
            )
            return redirect(url_for("journey.which_answers"))
        choice = request.form.get("answers")
        if choice == "link":
            session.pop(WORKING_ON, None)
            g.pop("working_case", None)  # the link is the family's: audited as theirs, on its case
            note_event(linked, "view", "answers opened from a private link")
            db_session().commit()
            log.info("private link answers chosen assessment=%s", linked.id)
            flash(
                f"You are now using the answers from the link (reference {linked.reference}). "
                "The answers that were in this browser are still saved.",
                "success",
            )
            return _open_link(token, linked, welcome=False)
        if choice == "current":
            session.pop(LINK_OPENED, None)
            log.info("current answers kept assessment=%s", held.id)
            flash(
                "Your answers in this browser are kept. "
                "The answers from the link are still saved behind that link.",
                "success",
            )
            return redirect(url_for("journey.start"))
        error = "Select which answers you want to use"
    on_case = session.get(WORKING_ON) is not None
    return (
        render_template(
            "journey/which_answers.html",
            current=_answers_summary(held),
            linked=_answers_summary(linked),
            on_case=on_case,
            current_link=None
            if on_case
            else url_for("journey.resume", token=session["token"], _external=True),
            error=error,
        ),
        400 if error else 200,
    )

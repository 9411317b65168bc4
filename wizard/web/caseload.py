"""The keyworker's workspace: caseload, new case with consent, the case page, notes, sharing,
handing over, the family's private link, closing and reopening, and (for admins) the audit trail."""

from __future__ import annotations

import segno
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from markupsafe import Markup
from werkzeug.wrappers import Response

from wizard.services import journey as journey_service
from wizard.storage import assessments, audit, cases, staff_accounts
from wizard.storage.db import db_session
from wizard.storage.staff_models import Case, User
from wizard.web.case_access import WORKING_ON, case_route
from wizard.web.context import content, home_for, now, sealer, staff_required, staff_user
from wizard.web.staff_forms import (
    CONSENT_BY,
    CONSENT_TO,
    HandOverForm,
    NewCaseForm,
    NoteForm,
    ShareForm,
    digits_only,
)

blueprint = Blueprint("cases", __name__, url_prefix="/staff")


@blueprint.app_template_global("case_label")
def case_label(case: Case) -> str:
    """A case's label for a page (templates show labels only through this: they are sealed)."""
    return cases.label_of(case, sealer())


def _user() -> User:
    user = staff_user()
    assert user is not None  # staff_required or case_route ran first
    return user


def _record(case: Case, action: str, detail: str = "") -> None:
    """Audit what the signed-in keyworker did to the case (the caller commits)."""
    audit.audit(
        db_session(), action, case_id=case.id, actor_id=_user().id, detail=detail, now=now()
    )


@blueprint.get("/")
@staff_required("keyworker", "editor", "admin")
def caseload() -> Response | str:
    """A keyworker's cases, with search and a filter by status (other roles go to their pages)."""
    user = _user()
    if user.role != "keyworker":
        return redirect(home_for(user))
    search = (request.args.get("q") or "").strip()[:80]
    wanted = request.args.get("status") or ""
    status = wanted if wanted in ("open", "closed") else ""
    rows = cases.caseload(db_session(), user, sealer(), search, status)
    return render_template(
        "staff/caseload.html",
        rows=rows,
        search=search,
        status=status,
    )


@blueprint.route("/cases/new", methods=["GET", "POST"])
@staff_required("keyworker")
def new_case() -> Response | str | tuple[str, int]:
    """Open a case for a family: a label (no full names needed) and what they agreed to."""
    form = NewCaseForm()
    if form.validate_on_submit() and form.consent_on is not None:
        label, consent_by, given = form.label.data, form.consent_by.data, form.consent_on
        consent_to = form.agreed_to
        database = db_session()
        created, _token = assessments.create(
            database, content().version, list(content().graph.nodes), sealer()
        )
        database.flush()
        case = cases.create_case(
            database,
            sealer(),
            label=label,
            owner=_user(),
            assessment_id=created.id,
            consent_by=consent_by,
            consent_on=given,
            consent_to=consent_to,
        )
        audit.audit(
            database,
            "create",
            case_id=case.id,
            actor_id=_user().id,
            detail=f"consent from {consent_by} on {given.isoformat()} to {', '.join(consent_to)}",
            now=now(),
        )
        database.commit()
        flash("Case opened.", "success")  # not the label: the session cookie is signed, not sealed
        return redirect(url_for("cases.case", case_id=case.id))
    return render_template("staff/new_case.html", form=form), (400 if form.errors else 200)


def _case_page(case: Case, status: int = 200, note_form: NoteForm | None = None) -> tuple[str, int]:
    database = db_session()
    record = (
        assessments.find_by_id(database, case.assessment_id, sealer())
        if case.assessment_id is not None
        else None
    )
    owner = database.get(User, case.owner_id)
    answered_by = list((record.answered_by or {}).values()) if record else []
    user = _user()
    notes = cases.notes_of(database, sealer(), case) if "notes" in case.consent_to else []
    return (
        render_template(
            "staff/case.html",
            case=case,
            record=record,
            owner=owner,
            is_owner=case.owner_id == user.id,
            shared=cases.shared_with(database, case.id),
            notes=notes,
            by_family=answered_by.count("family"),
            by_keyworker=answered_by.count("keyworker"),
            consent_by=CONSENT_BY,
            consent_to=CONSENT_TO,
            note_form=note_form or NoteForm(formdata=None),
        ),
        status,
    )


@blueprint.get("/cases/<int:case_id>")
@case_route()
def case(case: Case) -> tuple[str, int]:
    """One case: the family's label and reference, consent, progress, notes and what to do."""
    _record(case, "view")
    db_session().commit()
    return _case_page(case)


@blueprint.post("/cases/<int:case_id>/questions")
@case_route()
def work_on(case: Case) -> Response:
    """Fill in the questions with the family (the same pages the family uses), or see the plan."""
    if case.assessment_id is None:
        flash("The family deleted their answers, so there is nothing to open.", "info")
        return redirect(url_for("cases.case", case_id=case.id))
    if case.status == "closed":
        flash("Reopen the case to change its answers.", "info")
        return redirect(url_for("cases.case", case_id=case.id))
    session.pop("token", None)
    session[WORKING_ON] = case.id
    _record(case, "open answers")
    db_session().commit()
    if request.form.get("to") == "plan":
        return redirect(url_for("plan.show"))
    return redirect(url_for("journey.start"))


@blueprint.post("/cases/<int:case_id>/notes")
@case_route()
def add_note(case: Case) -> Response | tuple[str, int]:
    """Add a note (sealed; never shown to anyone without access to the case)."""
    if "notes" not in case.consent_to:
        abort(403)
    form = NoteForm()
    if not form.validate_on_submit():
        return _case_page(case, 400, note_form=form)
    text = form.note.data
    cases.add_note(db_session(), sealer(), case, _user().id, text, now())
    _record(case, "note")
    db_session().commit()
    flash("Note added.", "success")
    return redirect(url_for("cases.case", case_id=case.id) + "#notes")


@blueprint.route("/cases/<int:case_id>/share", methods=["GET", "POST"])
@case_route(owner_only=True)
def share(case: Case) -> Response | str | tuple[str, int]:
    """Share the case with a named colleague, or stop sharing (the case's keyworker only)."""
    user = _user()
    if "share" not in case.consent_to:
        flash("The family has not agreed to the case being shared.", "info")
        return redirect(url_for("cases.case", case_id=case.id))
    colleagues = staff_accounts.keyworkers(db_session(), besides=user.id)
    form = ShareForm(colleagues)
    if form.is_submitted():
        database = db_session()
        if request.form.get("stop"):
            colleague = (
                database.get(User, int(request.form["stop"]))
                if digits_only(request.form["stop"])
                else None
            )
            if colleague is not None:
                cases.unshare(database, sealer(), case, colleague.id, now())
                _record(case, "unshare", f"user {colleague.id}")
                database.commit()
                flash(f"The case is no longer shared with {colleague.name}.", "success")
            return redirect(url_for("cases.case", case_id=case.id))
        if form.validate() and (colleague := form.chosen) is not None:
            cases.share(database, sealer(), case, colleague.id, user.id, now())
            _record(case, "share", f"user {colleague.id}")
            database.commit()
            flash(f"The case is shared with {colleague.name}.", "success")
            return redirect(url_for("cases.case", case_id=case.id))
    return render_template("staff/share.html", case=case, form=form), (400 if form.errors else 200)


@blueprint.route("/cases/<int:case_id>/hand-over", methods=["GET", "POST"])
@case_route(owner_only=True)
def hand_over(case: Case) -> Response | str | tuple[str, int]:
    """Give the case to another keyworker (the case's keyworker only)."""
    user = _user()
    form = HandOverForm(staff_accounts.keyworkers(db_session(), besides=user.id))
    if form.validate_on_submit() and (colleague := form.chosen) is not None:
        database = db_session()
        cases.hand_over(database, sealer(), case, colleague.id, now())
        _record(case, "hand over", f"to user {colleague.id}")
        database.commit()
        session.pop(WORKING_ON, None)
        flash(f"The case is now with {colleague.name}.", "success")
        return redirect(url_for("cases.caseload"))
    return render_template("staff/hand_over.html", case=case, form=form), (
        400 if form.errors else 200
    )


@blueprint.post("/cases/<int:case_id>/family-link")
@case_route()
def family_link(case: Case) -> Response | tuple[str, int]:
    """A new private link for the family to carry on alone (shown once; any older link stops)."""
    if case.assessment_id is None:
        abort(404)
    if case.status == "closed":
        flash("Reopen the case to give the family a new link.", "info")
        return redirect(url_for("cases.case", case_id=case.id))
    database = db_session()
    record = assessments.find_by_id(database, case.assessment_id, sealer())
    if record is None:
        abort(404)
    token = journey_service.new_private_link(database, record, sealer())
    if token is None:
        flash("The answers were being saved just then. Try again.", "info")
        return redirect(url_for("cases.case", case_id=case.id))
    _record(case, "family link")
    database.commit()
    return render_template(
        "staff/family_link.html",
        case=case,
        link=url_for("journey.resume", token=token, _external=True),
        token=token,
        reference=record.reference,
    ), 200


def _qr_svg(link: str) -> Markup:
    """The link as a QR code drawn in the page (no image file, no other site), named for screen
    readers."""
    svg = segno.make_qr(link, error="m").svg_inline(
        border=4,
        omitsize=True,  # sized by the style sheet, for screen and paper
        svgclass="app-handout__qr",
        lineclass=None,
        title="QR code of the private link written out above",
    )
    # segno escapes the title; the rest is its own drawing of a link we made.
    return Markup(svg.replace("<svg ", '<svg role="img" focusable="false" ', 1))  # noqa: S704


@blueprint.post("/cases/<int:case_id>/family-link/handout")
@case_route()
def family_link_handout(case: Case) -> Response | tuple[str, int]:
    """A one-page handout to print for the family with the link just made (from the link page).

    The link is kept nowhere in clear, so it comes back in the form from the page that showed it
    once, and is printed only if it still opens this case's answers.
    """
    database = db_session()
    token = request.form.get("token", "")
    record = assessments.find_by_token(database, token, sealer()) if token else None
    if record is None or case.assessment_id is None or record.id != case.assessment_id:
        flash("That link no longer works. Make a new link to print a handout.", "info")
        return redirect(url_for("cases.case", case_id=case.id))
    _record(case, "family link handout")
    database.commit()
    link = url_for("journey.resume", token=token, _external=True)
    return render_template(
        "staff/family_link_handout.html",
        case=case,
        link=link,
        qr=_qr_svg(link),
        reference=record.reference,
        keyworker=database.get(User, case.owner_id),
        unfinished_days=current_app.config["RETENTION_UNFINISHED_DAYS"],
        finished_days=current_app.config["RETENTION_FINISHED_DAYS"],
    ), 200


@blueprint.post("/cases/<int:case_id>/status")
@case_route()
def change_status(case: Case) -> Response:
    """Close or reopen the case."""
    wanted = request.form.get("status")
    if wanted not in ("open", "closed"):
        abort(400)
    if wanted != case.status:
        cases.set_case_status(db_session(), sealer(), case, wanted, now())
        _record(case, "close" if wanted == "closed" else "reopen")
        db_session().commit()
        if wanted == "closed" and session.get(WORKING_ON) == case.id:
            session.pop(WORKING_ON, None)
        flash("Case closed." if wanted == "closed" else "Case reopened.", "success")
    return redirect(url_for("cases.case", case_id=case.id))


@blueprint.post("/cases/<int:case_id>/stop")
@case_route()
def stop_working(case: Case) -> Response:
    """Leave the questions and go back to the case page."""
    session.pop(WORKING_ON, None)
    return redirect(url_for("cases.case", case_id=case.id))


@blueprint.get("/cases/<int:case_id>/audit")
@case_route(audit_reader=True)
def audit_trail(case: Case) -> str:
    """Who viewed, changed, exported, shared or deleted the case, and when (administrators only)."""
    return render_template(
        "staff/audit.html", case=case, events=audit.audit_trail(db_session(), case.id)
    )

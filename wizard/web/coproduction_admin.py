"""Editors' side of co-production: triage comments on the Local Offer, and write, publish and mark
done the "You said, we did" entries. Every change is in the audit trail (never the words)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from wizard.storage import audit
from wizard.storage import local_offer_comments as comments
from wizard.storage import you_said_we_did as entries
from wizard.storage.db import db_session, transaction
from wizard.storage.local_offer_comments import PLAN_HELPED, STATUSES, TOPICS
from wizard.storage.models import YouSaidWeDid
from wizard.storage.you_said_we_did import ENTRY_STATUSES, EntryText
from wizard.web.context import now, sealer, staff_required, staff_user, today
from wizard.web.coproduction_forms import MAX_COMMENT, EntryForm, TriageForm

blueprint = Blueprint("coproduction", __name__, url_prefix="/staff")

EDITORS = ("editor", "admin")
AUDIENCES = {
    "family": "Families' form",
    "young_person": "Young people's form",
    "plan": "End of a plan",
}


def _note(action: str, detail: str) -> None:
    """Add an audit event for the signed-in editor (in the caller's transaction)."""
    user = staff_user()
    audit.audit(
        db_session(), action, case_id=None, actor_id=user.id if user else None, detail=detail
    )


@blueprint.get("/local-offer-comments")
@staff_required(*EDITORS)
def comment_queue() -> str:
    """The comments on the Local Offer, newest first, by status."""
    status = request.args.get("status", "")
    chosen = status if status in STATUSES else ""
    database = db_session()
    return render_template(
        "staff/comments.html",
        comments=comments.queue(database, sealer(), chosen or None),
        counts=comments.counts_by_status(database),
        status=chosen,
        statuses=STATUSES,
        topics=TOPICS,
        audiences=AUDIENCES,
        helped=PLAN_HELPED,
    )


def _entry_choices() -> list[tuple[str, str]]:
    return [("", "None")] + [
        (str(entry.id), f"{entry.theme}: {entry.you_said[:60]}")
        for entry in entries.all_entries(db_session())
    ]


@blueprint.route("/local-offer-comments/<int:comment_id>", methods=["GET", "POST"])
@staff_required(*EDITORS)
def triage(comment_id: int) -> Response | str:
    """Read one comment; give it a theme, a status with the reason, and words to publish."""
    found = comments.find(db_session(), sealer(), comment_id)
    if found is None:
        abort(404)
    row = found.row
    form = TriageForm(
        data=None
        if request.method == "POST"
        else {
            "theme": row.theme,
            "status": row.status,
            "reason": row.status_reason,
            "published_words": row.published_words,
            "nothing_identifying": bool(row.published_words),
            "entry": str(row.entry_id or ""),
        }
    )
    form.entry.choices = _entry_choices()
    if not row.may_publish:
        form.published_words.data = ""
    if form.validate_on_submit():
        with transaction():
            comments.triage(
                row,
                theme=form.theme.data.strip(),
                status=form.status.data,
                reason=(form.reason.data or "").strip(),
                published_words=(form.published_words.data or "").strip(),
                entry_id=int(form.entry.data) if form.entry.data else None,
            )
            _note("comment triaged", f"comment {row.id} status {row.status}")
        flash("Comment updated.", "success")
        return redirect(url_for("coproduction.comment_queue"))
    return render_template(
        "staff/comment.html",
        form=form,
        comment=found,
        statuses=STATUSES,
        topics=TOPICS,
        audiences=AUDIENCES,
        helped=PLAN_HELPED,
        max_length=MAX_COMMENT,
    )


@blueprint.post("/local-offer-comments/<int:comment_id>/delete-contact")
@staff_required(*EDITORS)
def delete_contact(comment_id: int) -> Response:
    """Forget the contact details once the person has had their reply."""
    found = comments.find(db_session(), sealer(), comment_id)
    if found is None:
        abort(404)
    with transaction():
        comments.delete_contact(sealer(), found.row)
        _note("comment contact deleted", f"comment {comment_id}")
    flash("Their contact details have been deleted.", "success")
    return redirect(url_for("coproduction.triage", comment_id=comment_id))


@blueprint.get("/you-said-we-did")
@staff_required(*EDITORS)
def entry_list() -> str:
    """Every "You said, we did" entry, published or not."""
    return render_template(
        "staff/entries.html",
        entries=entries.all_entries(db_session()),
        statuses=ENTRY_STATUSES,
        topics=TOPICS,
    )


def _entry_text(form: EntryForm) -> EntryText:
    return EntryText(
        theme=form.theme.data.strip(),
        topic=form.topic.data,
        you_said=form.you_said.data.strip(),
        we_will=form.we_will.data.strip(),
        due_by=form.due_by,
        status=form.status.data,
    )


def _entry_page(form: EntryForm, entry: YouSaidWeDid | None) -> str:
    return render_template(
        "staff/entry.html",
        form=form,
        entry=entry,
        statuses=ENTRY_STATUSES,
        topics=TOPICS,
        max_length=MAX_COMMENT,
        quotes=comments.published_for(db_session(), [entry.id]).get(entry.id, []) if entry else [],
    )


@blueprint.route("/you-said-we-did/new", methods=["GET", "POST"])
@staff_required(*EDITORS)
def new_entry() -> Response | str:
    """Write a new entry (it is not public until published)."""
    form = EntryForm()
    if form.validate_on_submit():
        with transaction() as database:
            entry = entries.create(database, _entry_text(form))
            _note("entry written", f"entry {entry.id}")
        flash("Entry saved. It is not on the public page until you publish it.", "success")
        return redirect(url_for("coproduction.edit_entry", entry_id=entry.id))
    return _entry_page(form, None)


@blueprint.route("/you-said-we-did/<int:entry_id>", methods=["GET", "POST"])
@staff_required(*EDITORS)
def edit_entry(entry_id: int) -> Response | str:
    """Change an entry, or mark it done."""
    entry = db_session().get(YouSaidWeDid, entry_id)
    if entry is None:
        abort(404)
    due = entry.due_by
    form = EntryForm(
        data=None
        if request.method == "POST"
        else {
            "theme": entry.theme,
            "topic": entry.topic,
            "you_said": entry.you_said,
            "we_will": entry.we_will,
            "status": entry.status,
            "due_day": str(due.day) if due else "",
            "due_month": str(due.month) if due else "",
            "due_year": str(due.year) if due else "",
        }
    )
    if form.validate_on_submit():
        with transaction():
            entries.update(entry, _entry_text(form), today())
            _note("entry changed", f"entry {entry.id} status {entry.status}")
        flash("Entry saved.", "success")
        return redirect(url_for("coproduction.edit_entry", entry_id=entry.id))
    return _entry_page(form, entry)


@blueprint.post("/you-said-we-did/<int:entry_id>/publish")
@staff_required(*EDITORS)
def publish_entry(entry_id: int) -> Response:
    """Put the entry on the public page, or take it off."""
    entry = db_session().get(YouSaidWeDid, entry_id)
    if entry is None:
        abort(404)
    published = request.form.get("published") == "yes"
    with transaction():
        entries.publish(entry, now(), published)
        _note("entry published" if published else "entry unpublished", f"entry {entry.id}")
    flash(
        "Entry published on the public page." if published else "Entry taken off the public page.",
        "success",
    )
    return redirect(url_for("coproduction.edit_entry", entry_id=entry.id))

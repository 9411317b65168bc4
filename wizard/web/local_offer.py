"""The public side of co-production: "Tell us what you think of the Local Offer" (for families and
for young people), "Did this plan help?" at the end of a plan, and the published "You said, we did".

No account is needed and nothing links a comment to a family's answers. The forms are CSRF-checked,
limited per network address, and a hidden field that people leave empty catches many spam robots
without a third-party script."""

from __future__ import annotations

import logging

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from wizard.storage import local_offer_comments as comments
from wizard.storage import you_said_we_did as entries
from wizard.storage.db import db_session, transaction
from wizard.storage.local_offer_comments import PLAN_HELPED, TOPICS, Words
from wizard.web.context import content, sealer
from wizard.web.coproduction_forms import (
    MAX_COMMENT,
    LocalOfferCommentForm,
    PlanHelpedCommentForm,
    PlanHelpedForm,
)
from wizard.web.rate_limits import too_many, within_hourly_limit

log = logging.getLogger("wizard.local_offer")
blueprint = Blueprint("local_offer", __name__)

#: The session key that lets the browser that answered "Did this plan help?" add its comment: it
#: holds the waiting answer's random reference, never a comment's id (ADR 0041).
PLAN_ANSWER = "plan_answer_ref"


def _room_for_a_comment() -> bool:
    return within_hourly_limit("comments", current_app.config["COMMENTS_PER_HOUR"])


def _comment_page(audience: str) -> Response | str:
    form = LocalOfferCommentForm()
    if form.validate_on_submit():
        if not _room_for_a_comment():
            return too_many("too_many_comments")
        if form.is_spam:
            log.info("comment dropped: the hidden field was filled in")
            return redirect(url_for("local_offer.thank_you"))
        words = Words(
            comment=form.comment.data.strip(),
            service=(form.service.data or "").strip(),
            contact_name=(form.contact_name.data or "").strip(),
            contact_email=(form.contact_email.data or "").strip(),
            contact_phone=(form.contact_phone.data or "").strip(),
        )
        with transaction() as database:
            comments.save(
                database,
                sealer(),
                audience=audience,
                topic=form.topic.data,
                words=words,
                may_publish=form.may_publish.data == "yes",
            )
        log.info("local offer comment saved audience=%s topic=%s", audience, form.topic.data)
        return redirect(
            url_for("local_offer.thank_you", reply="yes" if words.has_contact else None)
        )
    return render_template(
        "pages/local_offer_feedback.html",
        form=form,
        young_person=audience == "young_person",
        topics=TOPICS,
        max_length=MAX_COMMENT,
    )


@blueprint.route("/local-offer/feedback", methods=["GET", "POST"])
def comment() -> Response | str:
    """Tell us what you think of the Local Offer (for parent carers and anyone else)."""
    return _comment_page("family")


@blueprint.route("/local-offer/feedback/young-people", methods=["GET", "POST"])
def comment_young_people() -> Response | str:
    """The same form written for young people."""
    return _comment_page("young_person")


@blueprint.get("/local-offer/feedback/thank-you")
def thank_you() -> str:
    """Confirm the comment was sent, and what happens next."""
    return render_template(
        "pages/local_offer_thank_you.html", reply=request.args.get("reply") == "yes"
    )


@blueprint.post("/local-offer/plan-helped")
def plan_helped() -> Response | str:
    """One click at the end of a plan: keep the answer waiting, then offer to say more."""
    form = PlanHelpedForm()
    if not form.validate():
        return redirect(url_for("plan.show", _anchor="did-this-plan-help"))
    if not _room_for_a_comment():
        return too_many("too_many_comments")
    with transaction() as database:
        session[PLAN_ANSWER] = comments.hold_plan_answer(database, sealer(), form.helped.data)
    return redirect(url_for("local_offer.plan_helped_more"))


@blueprint.route("/local-offer/plan-helped/tell-us-more", methods=["GET", "POST"])
def plan_helped_more() -> Response | str:
    """Thank the person for their answer and take an optional comment."""
    ref = session.get(PLAN_ANSWER)
    if not isinstance(ref, str):
        return redirect(url_for("plan.show"))
    form = PlanHelpedCommentForm()
    if form.validate_on_submit():
        text = (form.comment.data or "").strip()
        if text:
            with transaction() as database:
                comments.add_to_plan_answer(
                    database, sealer(), ref, text, form.may_publish.data == "yes"
                )
        session.pop(PLAN_ANSWER, None)
        return redirect(url_for("local_offer.thank_you"))
    waiting = comments.waiting_answer(db_session(), sealer(), ref)
    helped = PLAN_HELPED.get(waiting.plan_helped or "", "") if waiting else ""
    return render_template(
        "pages/plan_helped.html", form=form, helped=helped, max_length=MAX_COMMENT
    )


@blueprint.get("/you-said-we-did")
def you_said_we_did() -> str:
    """The council's published answers to what people said, newest first, by theme."""
    database = db_session()
    theme = request.args.get("theme", "").strip()
    themes = entries.published_themes(database)
    chosen = theme if theme in themes else ""
    return render_template(
        "pages/you_said_we_did.html",
        entries=entries.published(database, chosen or None),
        themes=themes,
        theme=chosen,
        topics=TOPICS,
        locality=content().locality,
    )

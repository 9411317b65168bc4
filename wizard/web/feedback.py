"""The feedback page linked from the beta banner: how satisfied, and how to improve.

Nothing personal is asked for, but people type names anyway: the comments are sealed at rest."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, InputRequired, Length

from wizard.storage import feedback as store
from wizard.storage.db import transaction

blueprint = Blueprint("feedback", __name__)

COMMENTS_MAX_LENGTH = 1200
SATISFACTION_MESSAGE = "Select how you feel about the service"

SATISFACTION = [
    SelectChoice("very_satisfied", "Very satisfied"),
    SelectChoice("satisfied", "Satisfied"),
    SelectChoice("neutral", "Neither satisfied nor dissatisfied"),
    SelectChoice("dissatisfied", "Dissatisfied"),
    SelectChoice("very_dissatisfied", "Very dissatisfied"),
]


class FeedbackForm(FlaskForm):  # type: ignore[misc]  # flask_wtf ships no type hints
    """Two questions, in GOV.UK's standard feedback pattern."""

    satisfaction = RadioField(
        "Overall, how did you feel about the service you received today?",
        choices=SATISFACTION,
        validate_choice=False,  # AnyOf below gives the GOV.UK-style message instead of WTForms' own
        validators=[
            InputRequired(SATISFACTION_MESSAGE),
            AnyOf([choice.value for choice in SATISFACTION], message=SATISFACTION_MESSAGE),
        ],
    )
    comments = TextAreaField(
        "How could we improve this service?",
        validators=[
            Length(
                max=COMMENTS_MAX_LENGTH,
                message=f"How we could improve the service must be {COMMENTS_MAX_LENGTH:,} "
                "characters or less",
            )
        ],
    )


@blueprint.route("/feedback", methods=["GET", "POST"])
def give_feedback() -> Response | str:
    """Show the feedback form; on a valid POST store it and say thank you."""
    form = FeedbackForm()
    if form.validate_on_submit():
        with transaction() as session:
            store.save(
                session,
                current_app.extensions["sealer"],
                form.satisfaction.data,
                (form.comments.data or "").strip(),
            )
        return redirect(url_for("feedback.thank_you"))
    return render_template(
        "pages/feedback.html", form=form, choices=SATISFACTION, max_length=COMMENTS_MAX_LENGTH
    )


@blueprint.get("/feedback/thank-you")
def thank_you() -> str:
    """Confirm the feedback was sent."""
    return render_template("pages/feedback_thank_you.html")

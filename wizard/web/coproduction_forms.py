"""Forms for co-production: comments on the Local Offer, "Did this plan help?", and the editors'
triage and "You said, we did" entries. Messages follow the GOV.UK Design System's wording."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, InputRequired, Length, ValidationError

from wizard.directory.records import email_problem, phone_problem
from wizard.storage.local_offer_comments import PLAN_HELPED, STATUSES, TOPICS
from wizard.storage.you_said_we_did import ENTRY_STATUSES
from wizard.web.staff_forms import digits_only

MAX_COMMENT = 2000
MAX_SERVICE = 120
MAX_NAME = 120
MAX_EMAIL = 255
MAX_PHONE = 20
MAX_THEME = 64
YES_NO = [SelectChoice("yes", "Yes"), SelectChoice("no", "No")]


def _choices(labels: dict[str, str]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in labels.items()]


def _one_of(labels: dict[str, str], message: str) -> list[Any]:
    return [InputRequired(message), AnyOf(list(labels), message=message)]


def _longest(limit: int, what: str) -> Length:
    return Length(max=limit, message=f"{what} must be {limit:,} characters or less")


def _theme() -> StringField:
    """The few words an editor groups comments and entries by."""
    return StringField(
        "Theme", validators=[InputRequired("Enter a theme"), _longest(MAX_THEME, "The theme")]
    )


def _radios(label: str, labels: dict[str, str], message: str) -> RadioField:
    """Radios whose only valid answers are `labels`' keys, with one GOV.UK message for any other."""
    return RadioField(
        label, choices=_choices(labels), validate_choice=False, validators=_one_of(labels, message)
    )


class LocalOfferCommentForm(FlaskForm):  # type: ignore[misc]  # flask_wtf ships no type hints
    """What someone thinks of the Local Offer: a topic, their words, and whether to publish them."""

    topic = _radios("What is your comment about?", TOPICS, "Select what your comment is about")
    service = StringField(
        "Which service is it about? (optional)",
        validators=[_longest(MAX_SERVICE, "The name of the service")],
    )
    comment = TextAreaField(
        "Your comment",
        validators=[
            InputRequired("Enter your comment"),
            _longest(MAX_COMMENT, "Your comment"),
        ],
    )
    may_publish = RadioField(
        "Can we publish what you said, without your name?",
        choices=YES_NO,
        validate_choice=False,
        validators=_one_of(
            {"yes": "", "no": ""}, "Select yes if we can publish what you said without your name"
        ),
    )
    contact_name = StringField("Your name (optional)", validators=[_longest(MAX_NAME, "Your name")])
    contact_email = StringField(
        "Email address", validators=[_longest(MAX_EMAIL, "Your email address")]
    )
    contact_phone = StringField(
        "Phone number", validators=[_longest(MAX_PHONE, "Your phone number")]
    )
    #: Left empty by people, filled in by many spam robots (hidden from people and screen readers).
    website = StringField("Leave this empty")

    def validate_comment(self, field: StringField) -> None:
        """A comment of spaces alone is no comment."""
        if not (field.data or "").strip():
            raise ValidationError("Enter your comment")

    def validate_contact_email(self, field: StringField) -> None:
        """An email address, when given, looks like one; a name alone is no way to reply."""
        email = (field.data or "").strip()
        if email and email_problem(email):
            raise ValidationError(
                "Enter an email address in the correct format, like name@example.com"
            )
        named = bool((self.contact_name.data or "").strip())
        if named and not email and not (self.contact_phone.data or "").strip():
            raise ValidationError("Enter an email address or a phone number, so we can reply")

    def validate_contact_phone(self, field: StringField) -> None:
        """A phone number, when given, looks like one."""
        phone = (field.data or "").strip()
        if phone and phone_problem(phone):
            raise ValidationError(
                "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
            )

    @property
    def is_spam(self) -> bool:
        """Whether the hidden field was filled in: the form is then thanked and nothing is kept."""
        return bool((self.website.data or "").strip())


class PlanHelpedForm(FlaskForm):  # type: ignore[misc]
    """One click at the end of a plan: did it help?"""

    helped = StringField(validators=_one_of(PLAN_HELPED, "Select whether this plan helped you"))


class PlanHelpedCommentForm(FlaskForm):  # type: ignore[misc]
    """After the click, an optional comment."""

    comment = TextAreaField(
        "Tell us more (optional)", validators=[_longest(MAX_COMMENT, "Your comment")]
    )
    may_publish = RadioField(
        "Can we publish what you said, without your name?",
        choices=YES_NO,
        validate_choice=False,
    )

    def validate_may_publish(self, field: RadioField) -> None:
        """With a comment, say whether it may be published (without one, the answer is unused)."""
        commented = bool((self.comment.data or "").strip())
        if field.data not in ("yes", "no") and (commented or field.data):
            raise ValidationError("Select yes if we can publish what you said without your name")


class TriageForm(FlaskForm):  # type: ignore[misc]
    """An editor's triage of a comment."""

    theme = _theme()
    status = _radios("Status", STATUSES, "Select a status")
    reason = TextAreaField(
        "Reason for this status", validators=[_longest(MAX_COMMENT, "The reason")]
    )
    published_words = TextAreaField(
        "Words to publish (optional)", validators=[_longest(MAX_COMMENT, "The words to publish")]
    )
    nothing_identifying = BooleanField(
        "I have removed anything that could identify the person or a child"
    )
    entry = SelectField(
        "Add to a 'You said, we did' entry (optional)", choices=[], validate_choice=False
    )

    def validate_reason(self, field: TextAreaField) -> None:
        """Every status but "new" says why."""
        needs_reason = self.status.data in STATUSES and self.status.data != "new"
        if needs_reason and not (field.data or "").strip():
            raise ValidationError("Enter the reason for this status")

    def validate_nothing_identifying(self, field: BooleanField) -> None:
        """Words are published only after the editor confirms they identify nobody."""
        if (self.published_words.data or "").strip() and not field.data:
            raise ValidationError(
                "Confirm you have removed anything that could identify the person or a child"
            )

    def validate_entry(self, field: SelectField) -> None:
        """The entry, when chosen, is one of the offered ones."""
        offered = {str(value) for value, _label in field.choices}
        if field.data and field.data not in offered:
            raise ValidationError("Select an entry from the list")


class EntryForm(FlaskForm):  # type: ignore[misc]
    """A "You said, we did" entry."""

    theme = _theme()
    topic = _radios("Topic", TOPICS, "Select a topic")
    you_said = TextAreaField(
        "You said",
        validators=[
            InputRequired("Enter what people said"),
            _longest(MAX_COMMENT, "What people said"),
        ],
    )
    we_will = TextAreaField(
        "What we will do",
        validators=[
            InputRequired("Enter what the council will do"),
            _longest(MAX_COMMENT, "What the council will do"),
        ],
    )
    due_day = StringField("Day")
    due_month = StringField("Month")
    due_year = StringField("Year")
    status = _radios("Status", ENTRY_STATUSES, "Select a status")

    def validate_due_day(self, field: StringField) -> None:
        """The date, when given, is a real date with all three parts."""
        parts = [(p.data or "").strip() for p in (self.due_day, self.due_month, self.due_year)]
        if not any(parts):
            return
        names = ("a day", "a month", "a year")
        missing = [name for name, part in zip(names, parts, strict=True) if not part]
        if missing:
            raise ValidationError(f"By when must include {' and '.join(missing)}")
        if not all(digits_only(part) for part in parts):
            raise ValidationError("By when must be a real date")
        if len(parts[2]) != 4:
            raise ValidationError("Year must include 4 numbers")
        try:
            date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            raise ValidationError("By when must be a real date") from None

    @property
    def due_by(self) -> date | None:
        """The date given (after validation), or None."""
        parts = [(p.data or "").strip() for p in (self.due_day, self.due_month, self.due_year)]
        if not all(parts):
            return None
        return date(int(parts[2]), int(parts[1]), int(parts[0]))

"""The staff pages' forms, as FlaskForms rendered with the GOV.UK Frontend macros (ADR 0028).

Each form checks only what it can see: the sign-in's password and the authenticator code are
checked by the views, after the attempt is counted against the limits."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    Field,
    PasswordField,
    RadioField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    AnyOf,
    DataRequired,
    InputRequired,
    Length,
    StopValidation,
    ValidationError,
)

from wizard.accounts import passwords, totp
from wizard.storage import cases, staff_accounts
from wizard.storage.db import db_session
from wizard.storage.staff_models import ROLES, User
from wizard.web.context import now

CONSENT_BY = {
    "parent_carer": "A parent carer",
    "young_person": "The young person",
    "other_parental_responsibility": "Someone else with parental responsibility",
}
CONSENT_TO = {
    "answers": "Answering the questions with a keyworker and keeping the answers",
    "share": "Sharing the case with named colleagues in the team",
    "notes": "Keyworkers keeping notes about the case",
}
MAX_LABEL = 80
MAX_NOTE = 2000
MAX_NAME = 120
MAX_EMAIL = 255
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ROLE_NAMES = {
    "keyworker": "Keyworker: works with families on their cases",
    "editor": "Editor: looks after the content, the directory and feedback (sees no cases)",
    "admin": "Administrator: manages staff accounts and reads audit trails (sees no cases)",
}
WRONG_CODE = "The code is not right. Enter the code your app shows now"


def _stripped(value: str | None) -> str:
    return (value or "").strip()


def _choices(labels: dict[str, str]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in labels.items()]


def add_error(field: Field, message: str) -> None:
    """Show a problem found after validation (a wrong password or code) on the field."""
    field.errors = [*field.errors, message]


class SignInForm(FlaskForm):  # type: ignore[misc]  # flask_wtf ships no type hints
    """Email and password; only their presence is checked here (the views count attempts)."""

    email = StringField(
        "Email address",
        filters=[lambda value: _stripped(value)[:MAX_EMAIL]],
        validators=[DataRequired("Enter your email address")],
    )
    # Presence only, as typed: a password of spaces is still checked (and counted) like any other.
    password = PasswordField("Password", validators=[InputRequired("Enter your password")])


def _code_shape(form: FlaskForm, field: Field) -> None:
    problem = totp.code_problem(field.data or "")
    if problem:
        raise StopValidation(problem)


class CodeForm(FlaskForm):  # type: ignore[misc]
    """The 6-digit code at sign-in; only its shape is checked here."""

    code = StringField("Enter the code from your authenticator app", validators=[_code_shape])


class SetUpCodeForm(FlaskForm):  # type: ignore[misc]
    """The first code from a newly set-up authenticator app."""

    code = StringField("Code from the app", validators=[_code_shape])


class InvitationForm(FlaskForm):  # type: ignore[misc]
    """Choosing a password when taking up an invitation."""

    password = PasswordField("Password")
    confirm = PasswordField("Enter the password again")

    def __init__(self, account_email: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.account_email = account_email

    def validate_password(self, field: Field) -> None:
        """The password rules (length, common passwords, the email address itself)."""
        problem = passwords.password_problem(field.data or "", self.account_email)
        if problem:
            raise StopValidation(problem)

    def validate_confirm(self, field: Field) -> None:
        """The same password twice (asked only once the password itself is acceptable)."""
        if not self.password.errors and (field.data or "") != (self.password.data or ""):
            raise StopValidation("The passwords do not match. Enter the same password twice")


class NewCaseForm(FlaskForm):  # type: ignore[misc]
    """A label for the family and what they consented to, by whom and when."""

    label = StringField(
        "Label for the family",
        filters=[_stripped],
        validators=[
            DataRequired("Enter a label for the family, such as initials and a month"),
            Length(max=MAX_LABEL, message=f"Label must be {MAX_LABEL} characters or fewer"),
        ],
    )
    consent_by = RadioField(
        "Who gave consent?",
        choices=_choices(CONSENT_BY),
        validate_choice=False,  # AnyOf gives the GOV.UK message instead of WTForms' own
        validators=[AnyOf(list(CONSENT_BY), message="Select who gave consent")],
    )
    consent_day = StringField("Day", filters=[_stripped])
    consent_month = StringField("Month", filters=[_stripped])
    consent_year = StringField("Year", filters=[_stripped])
    consent_to = SelectMultipleField(
        "What did they agree to?", choices=_choices(CONSENT_TO), validate_choice=False
    )

    consent_on: date | None = None

    def validate_consent_day(self, field: Field) -> None:
        """The three date parts together: a real date, today or in the past (shown on the day)."""
        parts = [field.data, self.consent_month.data, self.consent_year.data]
        if not any(parts):
            raise StopValidation("Enter the date consent was given")
        if not all(part.isdigit() for part in parts):
            raise StopValidation("Date consent was given must be a real date")
        try:
            given = date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            raise StopValidation("Date consent was given must be a real date") from None
        if given > now().date():
            raise StopValidation("Date consent was given must be today or in the past")
        self.consent_on = given

    def validate_consent_to(self, field: Field) -> None:
        """Answering the questions is the consent a case needs; the others are optional."""
        if "answers" not in self.agreed_to:
            raise StopValidation(
                "Select answering the questions and keeping the answers. Without this consent "
                "you cannot open a case"
            )

    @property
    def agreed_to(self) -> list[str]:
        """What the family agreed to, known values only, in the order sent."""
        return [value for value in self.consent_to.data or [] if value in CONSENT_TO]


class NoteForm(FlaskForm):  # type: ignore[misc]
    """A note on a case."""

    note = TextAreaField(
        "Add a note",
        filters=[_stripped],
        validators=[
            DataRequired("Enter a note"),
            Length(max=MAX_NOTE, message=f"Note must be {MAX_NOTE} characters or fewer"),
        ],
    )


class ColleagueForm(FlaskForm):  # type: ignore[misc]
    """Choose one of the given colleagues (subclasses say why, and what to say if none is)."""

    colleague = RadioField(validate_choice=False)
    missing = ""

    def __init__(self, colleagues: Sequence[User], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.colleagues = list(colleagues)
        self.colleague.choices = [SelectChoice(str(user.id), user.name) for user in self.colleagues]

    def validate_colleague(self, field: Field) -> None:
        """Only a colleague offered on the page (never any account id sent)."""
        if self.chosen is None:
            raise StopValidation(self.missing)

    @property
    def chosen(self) -> User | None:
        """The colleague chosen, if one of those offered."""
        found = {str(user.id): user for user in self.colleagues}
        return found.get(self.colleague.data or "")


class ShareForm(ColleagueForm):
    """Share a case with a colleague."""

    colleague = RadioField("Who do you want to share it with?", validate_choice=False)
    missing = "Select a colleague to share the case with"


class HandOverForm(ColleagueForm):
    """Hand a case over to another keyworker."""

    colleague = RadioField("Who is taking the case on?", validate_choice=False)
    missing = "Select the keyworker to hand the case to"


class InviteForm(FlaskForm):  # type: ignore[misc]
    """A new member of staff: name, work email and role."""

    name = StringField(
        "Name",
        filters=[_stripped],
        validators=[
            DataRequired("Enter the person's name"),
            Length(max=MAX_NAME, message=f"Name must be {MAX_NAME} characters or fewer"),
        ],
    )
    email = StringField(
        "Work email address",
        filters=[_stripped],
        validators=[DataRequired("Enter their work email address")],
    )
    role = RadioField(
        "Role",
        choices=_choices(ROLE_NAMES),
        validate_choice=False,
        validators=[AnyOf(list(ROLES), message="Select a role")],
    )

    def validate_email(self, field: Field) -> None:
        """A plausible address, and not one that already has an account."""
        if not EMAIL.match(field.data) or len(field.data) > MAX_EMAIL:
            raise StopValidation(
                "Enter an email address in the correct format, like name@example.com"
            )
        if staff_accounts.find_user_by_email(db_session(), field.data) is not None:
            raise StopValidation("There is already an account with this email address")


class FindAuditForm(FlaskForm):  # type: ignore[misc]
    """A case number, sent in the address (a search changes nothing, so no CSRF token)."""

    class Meta:
        csrf = False

    case = StringField("Case number", filters=[_stripped])

    def validate_case(self, field: Field) -> None:
        """A case that exists (open, closed or with its answers deleted)."""
        if not (field.data.isdigit() and cases.any_case(db_session(), int(field.data))):
            raise ValidationError("There is no case with this number")
